package io.linewatch.dissectors.enip;

import io.linewatch.model.transaction.Anomaly;

/**
 * The encapsulation layer's anomaly catalogue: odd but decodable command-specific data, written to
 * {@code ot.anomalies} with these stable codes. A common packet format that cannot carry the CIP message
 * it should is not an anomaly but a malformed record, with the same code as its reason.
 */
public enum EnipAnomaly implements Anomaly {
    /** Fewer than 2 bytes where the common packet format's item count should be. */
    CPF_TRUNCATED("cpf_truncated"),
    /** An item header or item data runs past the command-specific data. */
    CPF_ITEM_TRUNCATED("cpf_item_truncated"),
    /** More items than {@link Cpf#MAX_ITEMS}; the rest are not read. */
    CPF_TOO_MANY_ITEMS("cpf_too_many_items"),
    LIST_IDENTITY_WITHOUT_IDENTITY_ITEM("list_identity_without_identity_item"),
    IDENTITY_ITEM_TRUNCATED("identity_item_truncated");

    private final String code;

    EnipAnomaly(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
