package io.linewatch.dissectors.profinet;

import io.linewatch.model.transaction.Anomaly;

/** The PROFINET DCP anomaly catalogue (stable snake_case codes). */
enum DcpAnomaly implements Anomaly {
    /** A service id outside Get/Set/Identify/Hello (0-2 manufacturer specific or reserved). */
    UNKNOWN_SERVICE("dcp_unknown_service");

    private final String code;

    DcpAnomaly(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
