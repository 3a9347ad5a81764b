package io.linewatch.dissectors.profinet;

import io.linewatch.model.transaction.Operation;
import java.util.List;

/**
 * DCP block options and suboptions, and what a Set of each means (IEC 61158-6-10 §4.3; Wireshark packet-pn-dcp.c
 * {@code pn_dcp_option}, {@code pn_dcp_suboption_ip/_device/_control}, {@code PNDCP_SUBOPTION_CONTROL_*}).
 */
final class DcpBlock {
    private DcpBlock() {
    }

    static final int OPTION_IP = 1;
    static final int OPTION_DEVICE = 2;
    static final int OPTION_DHCP = 3;
    static final int OPTION_CONTROL = 5;
    static final int OPTION_DEVICE_INITIATIVE = 6;
    static final int OPTION_ALL = 0xff;

    static final int IP_MAC = 1;
    static final int IP_PARAMETER = 2;
    static final int IP_FULL_SUITE = 3;

    static final int DEVICE_TYPE_OF_STATION = 1;
    static final int DEVICE_NAME_OF_STATION = 2;
    static final int DEVICE_ID = 3;
    static final int DEVICE_ROLE = 4;
    static final int DEVICE_ALIAS_NAME = 6;

    static final int CONTROL_RESPONSE = 4;

    private static final String[] IP = {null, "mac_address", "ip_parameter", "full_ip_suite"};
    private static final String[] DEVICE = {null, "type_of_station", "name_of_station", "device_id", "device_role",
        "device_options", "alias_name", "device_instance", "oem_device_id", "standard_gateway", "rsi_properties"};
    private static final String[] CONTROL = {null, "start_transaction", "end_transaction", "signal", "response",
        "reset_factory_settings", "reset_to_factory"};

    /** DeviceRoleDetails bits, low to high. */
    private static final String[] ROLES = {"io_device", "io_controller", "io_multidevice", "pn_supervisor"};

    /** {@code option/suboption}, e.g. {@code device/name_of_station}; unknown codes as numbers. */
    static String name(int option, int suboption) {
        return switch (option) {
            case OPTION_IP -> "ip/" + pick(IP, suboption);
            case OPTION_DEVICE -> "device/" + pick(DEVICE, suboption);
            case OPTION_DHCP -> "dhcp/" + suboption;
            case OPTION_CONTROL -> "control/" + pick(CONTROL, suboption);
            case OPTION_DEVICE_INITIATIVE -> "device_initiative/" + suboption;
            case OPTION_ALL -> "all";
            default -> "option_" + option + "/" + suboption;
        };
    }

    /** The control suboption's name ({@code reset_to_factory}), or null when not a control block. */
    static String control(int option, int suboption) {
        return option == OPTION_CONTROL ? pick(CONTROL, suboption) : null;
    }

    private static String pick(String[] names, int code) {
        return code > 0 && code < names.length ? names[code] : String.valueOf(code);
    }

    static List<String> roles(int bits) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < ROLES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(ROLES[i]);
            }
        }
        return out;
    }

    /** What a Set does, from the blocks it sets (request) or answers (response): the strongest one names it. */
    record SetAction(String action, Operation operation) {
    }

    static SetAction setAction(List<int[]> blocks) {
        boolean ip = false;
        boolean name = false;
        boolean signal = false;
        String reset = null;
        for (int[] b : blocks) {
            if (b[0] == OPTION_CONTROL && (b[1] == 5 || b[1] == 6)) {
                reset = pick(CONTROL, b[1]);
            } else if (b[0] == OPTION_CONTROL && b[1] == 3) {
                signal = true;
            } else if (b[0] == OPTION_IP && (b[1] == IP_PARAMETER || b[1] == IP_FULL_SUITE)) {
                ip = true;
            } else if (b[0] == OPTION_DEVICE && b[1] == DEVICE_NAME_OF_STATION) {
                name = true;
            }
        }
        if (reset != null) {
            return new SetAction(reset, Operation.CONTROL); // the device forgets its configuration
        }
        if (ip) {
            return new SetAction("set_ip", Operation.WRITE);
        }
        if (name) {
            return new SetAction("set_name", Operation.WRITE);
        }
        if (signal) {
            return new SetAction("signal", Operation.DIAGNOSTIC); // flashes the device's LED to find it
        }
        return new SetAction("set", Operation.WRITE);
    }
}
