package io.linewatch.dissectors.enip;

import io.linewatch.model.transaction.Operation;

/**
 * Encapsulation commands (CIP Vol. 2, EtherNet/IP, section 2-3.2), with the {@code event.action} and
 * {@code ot.operation} of their transactions. SendRRData and SendUnitData carry CIP and are reported as
 * the CIP services inside them.
 */
public enum EnipCommand {
    NOP(0x0000, "nop", Operation.OTHER, false, false),
    LIST_SERVICES(0x0004, "list_services", Operation.DISCOVERY, false, true),
    LIST_IDENTITY(0x0063, "list_identity", Operation.DISCOVERY, false, true),
    LIST_INTERFACES(0x0064, "list_interfaces", Operation.DISCOVERY, false, true),
    REGISTER_SESSION(0x0065, "register_session", Operation.SESSION, false, true),
    /** No reply is defined: the target closes the TCP connection. */
    UNREGISTER_SESSION(0x0066, "unregister_session", Operation.SESSION, false, false),
    SEND_RR_DATA(0x006F, "send_rr_data", Operation.OTHER, true, true),
    SEND_UNIT_DATA(0x0070, "send_unit_data", Operation.OTHER, true, true),
    INDICATE_STATUS(0x0072, "indicate_status", Operation.OTHER, false, false),
    CANCEL(0x0073, "cancel", Operation.OTHER, false, false),
    START_DTLS(0x00C8, "start_dtls", Operation.SESSION, false, true);

    public final int code;
    public final String action;
    public final Operation operation;
    /** Carries CIP in its common packet format (reported per CIP service). */
    public final boolean carriesCip;
    /** The target answers it with a reply of the same command. */
    public final boolean hasReply;

    EnipCommand(int code, String action, Operation operation, boolean carriesCip, boolean hasReply) {
        this.code = code;
        this.action = action;
        this.operation = operation;
        this.carriesCip = carriesCip;
        this.hasReply = hasReply;
    }

    private static final EnipCommand[] BY_CODE = new EnipCommand[0x100];

    static {
        for (EnipCommand c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** {@code event.action} of a command, also for values without a name ({@code command_0x0001}). */
    public static String action(int code, EnipCommand known) {
        return known != null ? known.action : String.format("command_0x%04x", code);
    }

    /** The command with this wire value, or null when it is not one. */
    public static EnipCommand of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
