package io.linewatch.rules;

import java.util.Map;

/** MITRE ATT&CK for ICS techniques the shipped rules refer to (attack.mitre.org/techniques/ics). */
public final class Techniques {
    private Techniques() {
    }

    public static final String FRAMEWORK = "MITRE ATT&CK for ICS";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("T0843", "Program Download"),
            Map.entry("T0845", "Program Upload"),
            Map.entry("T0889", "Modify Program"),
            Map.entry("T0858", "Change Operating Mode"),
            Map.entry("T0816", "Device Restart/Shutdown"),
            Map.entry("T0881", "Service Stop"),
            Map.entry("T0857", "System Firmware"),
            Map.entry("T0846", "Remote System Discovery"),
            Map.entry("T0888", "Remote System Information Discovery"),
            Map.entry("T0836", "Modify Parameter"),
            Map.entry("T0855", "Unauthorized Command Message"),
            Map.entry("T0806", "Brute Force I/O"),
            Map.entry("T0809", "Data Destruction"),
            Map.entry("T0814", "Denial of Service"),
            Map.entry("T0822", "External Remote Services"),
            Map.entry("T0839", "Module Firmware"),
            Map.entry("T0840", "Network Connection Enumeration"),
            Map.entry("T0848", "Rogue Master"),
            Map.entry("T0859", "Valid Accounts"),
            Map.entry("T0861", "Point & Tag Identification"),
            Map.entry("T0866", "Exploitation of Remote Services"),
            Map.entry("T0869", "Standard Application Layer Protocol"),
            Map.entry("T0886", "Remote Services"),
            Map.entry("T0831", "Manipulation of Control"),
            Map.entry("T0832", "Manipulation of View"),
            Map.entry("T0835", "Manipulate I/O Image"),
            Map.entry("T0826", "Loss of Availability"),
            Map.entry("T0830", "Adversary-in-the-Middle"),
            Map.entry("T0883", "Internet Accessible Device"),
            Map.entry("T0849", "Masquerading"),
            Map.entry("T0801", "Monitor Process State"),
            Map.entry("T0827", "Loss of Control"));

    /** The technique's name, or the id itself for one this table does not know (user rules may use any). */
    public static String name(String id) {
        return NAMES.getOrDefault(id, id);
    }
}
