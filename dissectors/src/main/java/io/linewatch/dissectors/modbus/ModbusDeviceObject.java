package io.linewatch.dissectors.modbus;

import io.linewatch.model.Fields;
import io.linewatch.model.schema.ModbusFields;

/**
 * Object ids of Read Device Identification (MEI 14), spec section 6.21: 0-2 basic, 3-6 regular,
 * 0x80-0xFF extended (private, vendor-defined). Objects that identify the device map to an asset field.
 */
public enum ModbusDeviceObject {
    VENDOR_NAME(0x00, ModbusFields.DEVICE_ID_VENDOR_NAME, Fields.DEVICE_MANUFACTURER),
    PRODUCT_CODE(0x01, ModbusFields.DEVICE_ID_PRODUCT_CODE, Fields.DEVICE_PRODUCT_CODE),
    MAJOR_MINOR_REVISION(0x02, ModbusFields.DEVICE_ID_REVISION, Fields.DEVICE_FIRMWARE_VERSION),
    VENDOR_URL(0x03, ModbusFields.DEVICE_ID_VENDOR_URL, null),
    PRODUCT_NAME(0x04, ModbusFields.DEVICE_ID_PRODUCT_NAME, Fields.DEVICE_MODEL_NAME),
    MODEL_NAME(0x05, ModbusFields.DEVICE_ID_MODEL_NAME, Fields.DEVICE_MODEL_NAME),
    USER_APPLICATION_NAME(0x06, ModbusFields.DEVICE_ID_USER_APPLICATION_NAME, null);

    /** First object id of the extended (private) range. */
    public static final int FIRST_EXTENDED = 0x80;

    public final int id;
    /** Its declared document field, {@code modbus.device_identification.<object>}. */
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
