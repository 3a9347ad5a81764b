package io.linewatch.dissectors.lldp;

import io.linewatch.model.transaction.Anomaly;

/** The LLDP/CDP anomaly catalogue (stable snake_case codes): what is wrong but still decoded. */
enum AdvertisementAnomaly implements Anomaly {
    /**
     * The LLDPDU ends with the frame, without its End TLV (IEEE 802.1AB-2016 §8.5.12 makes it mandatory); Wireshark
     * shows such a PDU without complaint, so it is decoded, and marked.
     */
    LLDP_END_MISSING("lldp_end_missing"),
    /**
     * A CDP TLV whose length is under its own 4-byte header: nothing after it can be framed, so decoding stops there
     * and what came before is kept (as Wireshark packet-cdp.c does: "TLV with invalid length").
     */
    CDP_TLV_BAD_LENGTH("cdp_tlv_bad_length"),
    /** A CDP message without a Device ID TLV (Wireshark shows it without complaint): it names no device. */
    CDP_DEVICE_ID_MISSING("cdp_device_id_missing");

    private final String code;

    AdvertisementAnomaly(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
