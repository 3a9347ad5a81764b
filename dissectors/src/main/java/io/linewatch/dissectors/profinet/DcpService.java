package io.linewatch.dissectors.profinet;

import io.linewatch.model.transaction.Operation;

/**
 * DCP service ids (IEC 61158-6-10 §4.3; Wireshark packet-pn-dcp.c {@code pn_dcp_service_id}). The action and operation
 * of a Set depend on its blocks ({@link DcpBlock#setAction}).
 */
enum DcpService {
    GET(3, "get", Operation.READ),
    SET(4, "set", Operation.WRITE),
    IDENTIFY(5, "identify", Operation.DISCOVERY),
    HELLO(6, "hello", Operation.DISCOVERY);

    final int code;
    final String action;
    final Operation operation;

    DcpService(int code, String action, Operation operation) {
        this.code = code;
        this.action = action;
        this.operation = operation;
    }

    static DcpService of(int code) {
        for (DcpService s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** ServiceType 0 is a request; 1 a successful response, 5 "request not supported" (bit 0: response). */
    static boolean isResponse(int serviceType) {
        return (serviceType & 0x01) != 0;
    }
}
