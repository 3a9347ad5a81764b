package io.linewatch.dissectors.s7comm;

/** First byte of an S7comm-plus data part. */
enum S7PlusOpcode {
    REQUEST(0x31, "request"),
    RESPONSE(0x32, "response"),
    NOTIFICATION(0x33, "notification"),
    /** Answer variant seen from TIA V13 HMIs for cyclic data. */
    RESPONSE_2(0x02, "response");

    final int wire;
    final String label;

    S7PlusOpcode(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static S7PlusOpcode of(int wire) {
        for (S7PlusOpcode o : values()) {
            if (o.wire == wire) {
                return o;
            }
        }
        return null;
    }

    boolean isResponse() {
        return this == RESPONSE || this == RESPONSE_2;
    }
}
