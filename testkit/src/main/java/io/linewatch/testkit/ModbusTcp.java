package io.linewatch.testkit;

/** Modbus/TCP application data units for generated captures (layout: Modbus Messaging on TCP/IP Guide, MBAP). */
public final class ModbusTcp {
    private static final int MBAP_LENGTH = 7;

    private ModbusTcp() {
    }

    /** MBAP header (transaction id, protocol 0, length, unit id) and the PDU, one byte per int. */
    public static byte[] adu(int transaction, int unit, int... pdu) {
        byte[] bytes = new byte[pdu.length];
        for (int i = 0; i < pdu.length; i++) {
            bytes[i] = (byte) pdu[i];
        }
        return adu(transaction, unit, bytes);
    }

    /** MBAP header (transaction id, protocol 0, length, unit id) and the PDU. */
    public static byte[] adu(int transaction, int unit, byte[] pdu) {
        byte[] a = new byte[MBAP_LENGTH + pdu.length];
        a[0] = (byte) (transaction >> 8);
        a[1] = (byte) transaction;
        int length = pdu.length + 1; // the unit id and the PDU
        a[4] = (byte) (length >> 8);
        a[5] = (byte) length;
        a[6] = (byte) unit;
        System.arraycopy(pdu, 0, a, MBAP_LENGTH, pdu.length);
        return a;
    }
}
