package io.linewatch.inventory;

import java.util.HashMap;
import java.util.Map;

/**
 * Well-known server ports and what kind of service they stand for, used to describe flows no dissector
 * decoded and to classify what a device does (an office printer on the controls VLAN, a historian's database).
 * A dissector's {@code network.application} always wins over this table.
 */
public final class ServiceCatalog {
    /** What a service tells about the devices that offer or use it. */
    public enum Category {
        /** Industrial control protocols: whoever serves them is a controller or field device. */
        INDUSTRIAL,
        /** Cyclic implicit I/O (EtherNet/IP class 0/1, PROFINET RT): scanners and adapters. */
        IMPLICIT_IO,
        /** Print servers and printers. */
        PRINTING,
        /** Process-data historians and the databases they store into. */
        HISTORIAN,
        /** Office and enterprise IT: file sharing, name services, web, remote desktop, mail, directory. */
        IT,
        /** Network infrastructure everyone uses (time, management): tells nothing about the role. */
        INFRASTRUCTURE
    }

    /** One entry: {@code name} is the protocol name used in {@code asset.protocols}. */
    public record Service(String transport, int port, String name, Category category) {
    }

    private static final Map<String, Service> BY_KEY = new HashMap<>();

    static {
        // industrial
        add("tcp", 102, "s7comm", Category.INDUSTRIAL);          // ISO-TSAP: S7comm, S7comm-plus, MMS
        add("tcp", 502, "modbus", Category.INDUSTRIAL);
        add("udp", 502, "modbus", Category.INDUSTRIAL);
        add("tcp", 44818, "enip", Category.INDUSTRIAL);          // EtherNet/IP explicit messaging
        add("udp", 44818, "enip", Category.INDUSTRIAL);          // ListIdentity broadcasts and unicast
        add("tcp", 20000, "dnp3", Category.INDUSTRIAL);
        add("udp", 20000, "dnp3", Category.INDUSTRIAL);
        add("tcp", 2404, "iec104", Category.INDUSTRIAL);
        add("udp", 47808, "bacnet", Category.INDUSTRIAL);
        add("tcp", 4840, "opcua", Category.INDUSTRIAL);
        add("tcp", 1911, "fox", Category.INDUSTRIAL);            // Tridium Niagara Fox
        add("tcp", 9600, "omron_fins", Category.INDUSTRIAL);
        add("udp", 9600, "omron_fins", Category.INDUSTRIAL);
        add("tcp", 18245, "ge_srtp", Category.INDUSTRIAL);
        add("tcp", 5007, "melsec", Category.INDUSTRIAL);
        add("tcp", 34962, "profinet_cm", Category.INDUSTRIAL);
        add("udp", 34964, "profinet_cm", Category.INDUSTRIAL);  // PROFINET context manager (DCE/RPC)
        add("tcp", 1962, "pcworx", Category.INDUSTRIAL);
        add("tcp", 789, "redlion_crimson", Category.INDUSTRIAL);
        add("tcp", 2455, "codesys", Category.INDUSTRIAL);
        add("tcp", 1200, "codesys", Category.INDUSTRIAL);
        // implicit I/O
        add("udp", 2222, "enip_io", Category.IMPLICIT_IO);
        add("udp", 34962, "profinet_rt", Category.IMPLICIT_IO);
        // printing
        add("tcp", 515, "lpd", Category.PRINTING);
        add("tcp", 631, "ipp", Category.PRINTING);
        add("tcp", 9100, "jetdirect", Category.PRINTING);
        // historians and the databases behind them
        add("tcp", 5450, "osisoft_pi", Category.HISTORIAN);
        add("tcp", 5457, "osisoft_pi_af", Category.HISTORIAN);
        add("tcp", 5459, "osisoft_pi_af", Category.HISTORIAN);
        add("tcp", 1433, "mssql", Category.HISTORIAN);
        add("tcp", 8086, "influxdb", Category.HISTORIAN);
        // office / enterprise IT
        add("tcp", 445, "smb", Category.IT);
        add("tcp", 139, "netbios_ssn", Category.IT);
        add("udp", 137, "netbios_ns", Category.IT);
        add("udp", 138, "netbios_dgm", Category.IT);
        add("tcp", 80, "http", Category.IT);
        add("tcp", 8080, "http", Category.IT);
        add("tcp", 443, "https", Category.IT);
        add("tcp", 53, "dns", Category.IT);
        add("udp", 53, "dns", Category.IT);
        add("udp", 5353, "mdns", Category.IT);
        add("udp", 5355, "llmnr", Category.IT);
        add("udp", 1900, "ssdp", Category.IT);
        add("tcp", 3389, "rdp", Category.IT);
        add("tcp", 88, "kerberos", Category.IT);
        add("tcp", 389, "ldap", Category.IT);
        add("tcp", 25, "smtp", Category.IT);
        add("tcp", 110, "pop3", Category.IT);
        add("tcp", 143, "imap", Category.IT);
        add("tcp", 135, "msrpc", Category.IT);
        add("tcp", 21, "ftp", Category.IT);
        add("tcp", 23, "telnet", Category.IT);
        add("tcp", 22, "ssh", Category.IT);
        add("udp", 67, "dhcp", Category.IT);
        add("udp", 68, "dhcp", Category.IT);
        // infrastructure
        add("udp", 123, "ntp", Category.INFRASTRUCTURE);
        add("udp", 161, "snmp", Category.INFRASTRUCTURE);
        add("udp", 162, "snmp_trap", Category.INFRASTRUCTURE);
        add("udp", 514, "syslog", Category.INFRASTRUCTURE);
    }

    /** Protocol names dissectors report ({@code network.protocol} / {@code network.application}) and their category. */
    private static final Map<String, Category> DISSECTED = Map.of(
            "modbus", Category.INDUSTRIAL,
            "s7comm", Category.INDUSTRIAL,
            "s7comm_plus", Category.INDUSTRIAL,
            "enip", Category.INDUSTRIAL,
            "cip", Category.INDUSTRIAL,
            "dnp3", Category.INDUSTRIAL,
            "iec104", Category.INDUSTRIAL,
            "bacnet", Category.INDUSTRIAL);

    private ServiceCatalog() {
    }

    private static void add(String transport, int port, String name, Category category) {
        BY_KEY.put(transport + "/" + port, new Service(transport, port, name, category));
    }

    /** The service on a server port, or null when the port is not in the table. */
    public static Service lookup(String transport, long port) {
        return transport == null ? null : BY_KEY.get(transport + "/" + port);
    }

    /** The category of a dissected protocol name or of a catalogued service name; null when unknown. */
    public static Category categoryOf(String protocol) {
        if (protocol == null) {
            return null;
        }
        Category c = DISSECTED.get(protocol);
        if (c != null) {
            return c;
        }
        for (Service s : BY_KEY.values()) {
            if (s.name().equals(protocol)) {
                return s.category();
            }
        }
        return null;
    }
}
