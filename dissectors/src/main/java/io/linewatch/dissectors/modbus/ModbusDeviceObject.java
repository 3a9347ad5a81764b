package io.linewatch.dissectors.modbus;

import io.linewatch.model.Fields;

/**
 * Object ids of Read Device Identification (MEI 14), spec section 6.21: 0-2 basic, 3-6 regular,
 * 0x80-0xFF extended (private, vendor-defined). Objects that identify the device map to an asset field.
 */
public enum ModbusDeviceObject {
    VENDOR_NAME(0x00, "vendor_name", Fields.DEVICE_MANUFACTURER),
    PRODUCT_CODE(0x01, "product_code", Fields.DEVICE_MODEL_IDENTIFIER),
    MAJOR_MINOR_REVISION(0x02, "revision", Fields.DEVICE_FIRMWARE_VERSION),
    VENDOR_URL(0x03, "vendor_url", null),
    PRODUCT_NAME(0x04, "product_name", Fields.DEVICE_MODEL_NAME),
    MODEL_NAME(0x05, "model_name", Fields.DEVICE_MODEL_NAME),
    USER_APPLICATION_NAME(0x06, "user_application_name", null);

    /** First object id of the extended (private) range. */
    public static final int FIRST_EXTENDED = 0x80;

    public final int id;
    /** Name under {@code modbus.device_identification}. */
    public final String field;
    /** Asset field this object reveals, or null. */
    public final String assetField;

    ModbusDeviceObject(int id, String field, String assetField) {
        this.id = id;
        this.field = field;
        this.assetField = assetField;
    }

    public static ModbusDeviceObject of(int id) {
        for (ModbusDeviceObject o : values()) {
            if (o.id == id) {
                return o;
            }
        }
        return null;
    }
}
