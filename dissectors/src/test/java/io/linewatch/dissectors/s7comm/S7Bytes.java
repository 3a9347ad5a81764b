package io.linewatch.dissectors.s7comm;

import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;

/** Builders for the TPKT/COTP/S7 layers of byte-array test vectors. */
final class S7Bytes {
    private S7Bytes() {
    }

    /** TPKT: version 3, reserved 0, total length (2), then the COTP TPDU. */
    static byte[] tpkt(byte[] cotp) {
        int len = cotp.length + 4;
        return concat(new byte[] {3, 0, (byte) (len >> 8), (byte) len}, cotp);
    }

    /** One COTP DT carrying a whole message: length indicator 2, code F0, EOT | TPDU number 0. */
    static byte[] dt(byte[] payload) {
        return tpkt(concat(hex("02 f0 80"), payload));
    }

    /** A COTP DT that the next one continues (EOT clear). */
    static byte[] dtMore(byte[] payload) {
        return tpkt(concat(hex("02 f0 00"), payload));
    }

    /** S7 Job header: 32, ROSCTR 1, redundancy 0000, PDU reference, parameter length, data length. */
    static byte[] job(int ref, byte[] param, byte[] data) {
        return concat(hex("32 01 0000"), u16(ref), u16(param.length), u16(data.length), param, data);
    }

    /** S7 Ack_Data header: as a Job with ROSCTR 3, plus error class and error code. */
    static byte[] ackData(int ref, int errorClass, int errorCode, byte[] param, byte[] data) {
        return concat(hex("32 03 0000"), u16(ref), u16(param.length), u16(data.length),
                new byte[] {(byte) errorClass, (byte) errorCode}, param, data);
    }

    /**
     * S7 userdata: header (ROSCTR 7), parameter head 00 01 12, parameter length, method, type/group,
     * subfunction, sequence [, data unit reference, last unit, error code], then the data part.
     */
    static byte[] userdata(int ref, byte[] param, byte[] data) {
        return concat(hex("32 07 0000"), u16(ref), u16(param.length), u16(data.length), param, data);
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }
}
