package io.linewatch.dissectors.s7comm;

import io.linewatch.model.Fields;
import io.linewatch.model.schema.S7commFields;
import io.linewatch.model.transaction.Detail;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * System status list (SZL) records that identify a device. The SZL id's low byte is the partial list
 * number (0x11 module identification, 0x1C component identification); the high byte selects an
 * extract (0x0011 all records, 0x0111 one record by index, ...), so both are matched by list number.
 */
final class S7Szl {
    /** Module identification: index (2), order number "MlfB" (20), module type id (2), versions (2 + 2). */
    static final int LIST_MODULE_IDENTIFICATION = 0x11;
    /** Component identification: index (2), text (32, NUL padded). */
    static final int LIST_COMPONENT_IDENTIFICATION = 0x1C;
    static final int MODULE_RECORD_LENGTH = 28;
    static final int COMPONENT_RECORD_LENGTH = 34;
    static final String MANUFACTURER = "Siemens";

    /** Module identification record indexes. */
    static final int MODULE_INDEX_MODULE = 0x0001;
    static final int MODULE_INDEX_BASIC_HARDWARE = 0x0006;
    static final int MODULE_INDEX_BASIC_FIRMWARE = 0x0007;

    /** Component identification record indexes and the event field each one fills. */
    enum Component {
        SYSTEM_NAME(0x0001, S7commFields.SZL_SYSTEM_NAME, Fields.DEVICE_STATION_NAME),
        /** The name the engineer gave the CPU ("PLC_1"): the device's host name. */
        MODULE_NAME(0x0002, S7commFields.SZL_MODULE_NAME, Fields.HOST_NAME),
        PLANT_DESIGNATION(0x0003, S7commFields.SZL_PLANT_DESIGNATION, null),
        COPYRIGHT(0x0004, S7commFields.SZL_COPYRIGHT, null),
        SERIAL_NUMBER(0x0005, S7commFields.SZL_SERIAL_NUMBER, Fields.DEVICE_SERIAL_NUMBER),
        /** The product ("CPU 315-2 PN/DP"), unlike MODULE_NAME which the engineer chose ("PLC_1"). */
        MODULE_TYPE_NAME(0x0007, S7commFields.SZL_MODULE_TYPE_NAME, Fields.DEVICE_MODEL_NAME),
        MEMORY_CARD_SERIAL(0x0008, S7commFields.SZL_MEMORY_CARD_SERIAL, null),
        LOCATION(0x000B, S7commFields.SZL_LOCATION, null);

        final int index;
        final String eventField;
        /** Asset field it identifies, or null when it describes the installation rather than the device. */
        final String assetField;

        Component(int index, String eventField, String assetField) {
            this.index = index;
            this.eventField = eventField;
            this.assetField = assetField;
        }

        static Component of(int index) {
            for (Component c : values()) {
                if (c.index == index) {
                    return c;
                }
            }
            return null;
        }
    }

    /** An identity fact found in a record: asset field, value, and the SZL it came from. */
    record Identity(String field, String value, String source) {
    }

    private S7Szl() {
    }

    static String source(int szlId) {
        // "s7comm.szl_0x%04x" without a Formatter: built for every SZL answer
        String hex = Integer.toHexString(szlId & 0xffff);
        return "s7comm.szl_0x" + "0000".substring(hex.length()) + hex;
    }

    /**
     * Decodes the records of one (reassembled) SZL answer into event fields and identity facts.
     * Records of other lists are left alone; a record length that does not fit its list is ignored.
     */
    static void decode(int szlId, int recordLength, int count, byte[] b, int off, int len, Detail fields,
                       List<Identity> identities) {
        int list = szlId & 0xff;
        String source = source(szlId);
        // every record starts with its 2-byte index; shorter "records" are not a list we know
        int records = recordLength < 2 ? 0 : Math.min(count, len / recordLength);
        boolean identified = false;
        for (int r = 0; r < records; r++) {
            int at = off + r * recordLength;
            int index = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
            if (list == LIST_MODULE_IDENTIFICATION && recordLength >= MODULE_RECORD_LENGTH) {
                identified |= moduleRecord(index, b, at, fields, identities, source);
            } else if (list == LIST_COMPONENT_IDENTIFICATION && recordLength >= COMPONENT_RECORD_LENGTH) {
                identified |= componentRecord(index, b, at, fields, identities, source);
            }
        }
        if (identified) {
            identities.add(new Identity(Fields.DEVICE_MANUFACTURER, MANUFACTURER, source));
        }
    }

    private static boolean moduleRecord(int index, byte[] b, int at, Detail fields, List<Identity> identities,
                                        String source) {
        String orderNumber = text(b, at + 2, 20);
        int version = ((b[at + 24] & 0xff) << 8) | (b[at + 25] & 0xff);
        int release = ((b[at + 26] & 0xff) << 8) | (b[at + 27] & 0xff);
        switch (index) {
            case MODULE_INDEX_MODULE -> {
                if (!orderNumber.isEmpty()) {
                    fields.put(S7commFields.SZL_ORDER_NUMBER, orderNumber);
                    identities.add(new Identity(Fields.DEVICE_MODEL_IDENTIFIER, orderNumber, source));
                    return true;
                }
            }
            case MODULE_INDEX_BASIC_HARDWARE -> {
                if (!orderNumber.isEmpty()) {
                    fields.put(S7commFields.SZL_HARDWARE_ORDER_NUMBER, orderNumber);
                    return true;
                }
            }
            case MODULE_INDEX_BASIC_FIRMWARE -> {
                String firmware = firmwareVersion(version, release);
                fields.put(S7commFields.SZL_FIRMWARE_VERSION, firmware);
                identities.add(new Identity(Fields.DEVICE_FIRMWARE_VERSION, firmware, source));
                return true;
            }
            default -> {
                // boot loader and firmware extensions: not the device's own identity
            }
        }
        return false;
    }

    /** Firmware as "V3.2.7": a letter and the major number in the first word, minor and patch in the second. */
    static String firmwareVersion(int version, int release) {
        int letter = version >> 8;
        String prefix = letter >= 'A' && letter <= 'Z' ? String.valueOf((char) letter) : (version >> 8) + ".";
        return prefix + (version & 0xff) + "." + (release >> 8) + "." + (release & 0xff);
    }

    private static boolean componentRecord(int index, byte[] b, int at, Detail fields, List<Identity> identities,
                                           String source) {
        Component c = Component.of(index);
        if (c == null) {
            return false;
        }
        String value = text(b, at + 2, 32);
        if (value.isEmpty()) {
            return false;
        }
        fields.put(c.eventField, value);
        if (c.assetField != null) {
            identities.add(new Identity(c.assetField, value, source));
        }
        return c.assetField != null || c == Component.COPYRIGHT;
    }

    /** Text up to the first NUL, trimmed. */
    static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1).strip();
    }
}
