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
            Map.entry("T0806", "Brute Force I/O"));

    /** The technique's name, or the id itself for one this table does not know (user rules may use any). */
    public static String name(String id) {
        return NAMES.getOrDefault(id, id);
    }
}
