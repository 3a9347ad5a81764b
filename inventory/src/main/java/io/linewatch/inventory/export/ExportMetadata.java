package io.linewatch.inventory.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an export says about itself: title, when it was generated, the run it comes from ({@code run.json}),
 * the file name it is written to, and the key it will be signed with (null when it is not signed on export).
 */
public record ExportMetadata(String title, String generatedAt, RunInfo run, String fileName, String signerFingerprint,
                             String publicKeyFile) {
    /** The exact command an auditor runs to check the signature (OpenSSL 3.0 or later). */
    public String opensslCommand() {
        String f = fileName == null ? "EXPORT" : fileName;
        return "openssl pkeyutl -verify -pubin -inkey " + (publicKeyFile == null ? "linewatch-ed25519.pub.pem" : publicKeyFile)
                + " -rawin -in " + f + " -sigfile " + f + ".sig";
    }

    /** The JSON export's header object and the CSV preamble's content, in this order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("generated_at", generatedAt);
        m.put("sensor_name", run == null ? null : run.sensorName());
        m.put("observation_start", run == null ? null : run.firstPacket());
        m.put("observation_end", run == null ? null : run.lastPacket());
        m.put("run", run == null ? null : run.toMap());
        m.put("signer_fingerprint", signerFingerprint);
        m.put("public_key", publicKeyFile);
        m.put("verify_with", opensslCommand());
        return m;
    }
}
