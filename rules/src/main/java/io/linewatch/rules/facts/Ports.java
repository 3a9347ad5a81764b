package io.linewatch.rules.facts;

import java.util.Map;

/** Well-known server ports the rules care about (IANA and vendor documentation). */
public final class Ports {
    private Ports() {
    }

    /** Industrial protocols: port to protocol name. */
    public static final Map<Integer, String> INDUSTRIAL = Map.ofEntries(
            Map.entry(102, "s7comm"), Map.entry(502, "modbus"), Map.entry(44818, "enip"), Map.entry(2222, "enip_io"),
            Map.entry(20000, "dnp3"), Map.entry(2404, "iec104"), Map.entry(47808, "bacnet"),
            Map.entry(34962, "profinet"), Map.entry(34963, "profinet"), Map.entry(34964, "profinet"),
            Map.entry(4840, "opcua"), Map.entry(1911, "fox"), Map.entry(4911, "fox"), Map.entry(9600, "fins"),
            Map.entry(5007, "melsec"), Map.entry(18245, "srtp"), Map.entry(789, "crimson"), Map.entry(1962, "pcworx"),
            Map.entry(20547, "proconos"), Map.entry(5094, "hart_ip"), Map.entry(2455, "codesys"),
            Map.entry(1200, "codesys"), Map.entry(11740, "codesys"), Map.entry(5006, "melsec"),
            Map.entry(2000, "siemens_sinec"), Map.entry(1089, "ff_hse"), Map.entry(1090, "ff_hse"),
            Map.entry(1091, "ff_hse"), Map.entry(4000, "emerson_roc"), Map.entry(10001, "atg"));

    /** Cleartext remote-access services: port to service name. */
    public static final Map<Integer, String> REMOTE_ACCESS = Map.of(
            21, "ftp", 23, "telnet", 80, "http", 8080, "http", 5800, "vnc", 5900, "vnc", 5901, "vnc", 69, "tftp");
}
