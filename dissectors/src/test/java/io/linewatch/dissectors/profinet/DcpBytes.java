package io.linewatch.dissectors.profinet;

import io.linewatch.testkit.Frames;
import io.linewatch.testkit.WireFeeder;
import java.io.ByteArrayOutputStream;

/**
 * PROFINET DCP PDUs as bytes, laid out as IEC 61158-6-10 §4.3 and Wireshark packet-pn-dcp.c read them:
 * FrameID(2) ServiceID(1) ServiceType(1) Xid(4) ResponseDelay/reserved(2) DCPDataLength(2), then blocks of
 * Option(1) Suboption(1) DCPBlockLength(2) value, each padded to an even length.
 */
final class DcpBytes {
    static final int ETHERTYPE_PROFINET = 0x8892;
    static final int HELLO_FRAME = 0xfefc;
    static final int GET_SET_FRAME = 0xfefd;
    static final int IDENTIFY_REQUEST_FRAME = 0xfefe;
    static final int IDENTIFY_RESPONSE_FRAME = 0xfeff;
    static final int GET = 3;
    static final int SET = 4;
    static final int IDENTIFY = 5;
    static final int HELLO = 6;
    static final int REQUEST = 0;
    static final int RESPONSE_SUCCESS = 1;
    static final int RESPONSE_UNSUPPORTED = 5;
    /** The PROFINET DCP Identify multicast group and the MACs of the tests. */
    static final String IDENTIFY_MULTICAST = "01:0e:cf:00:00:00";
    static final String TOOL = "00:0c:29:ba:09:ea";
    static final String DEVICE = "08:00:06:93:cf:32";

    private DcpBytes() {
    }

    /** A whole PDU: header with the data length of {@code blocks}, then the blocks. */
    static byte[] pdu(int frameId, int serviceId, int serviceType, long xid, byte[]... blocks) {
        byte[] data = WireFeeder.concat(blocks);
        return WireFeeder.concat(header(frameId, serviceId, serviceType, xid, data.length), data);
    }

    static byte[] header(int frameId, int serviceId, int serviceType, long xid, int dataLength) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, frameId);
        o.write(serviceId);
        o.write(serviceType);
        u16(o, (int) (xid >>> 16));
        u16(o, (int) xid);
        u16(o, serviceId == IDENTIFY && serviceType == REQUEST ? 1 : 0); // ResponseDelay factor, else reserved
        u16(o, dataLength);
        return o.toByteArray();
    }

    /** A block: option, suboption, DCPBlockLength (of {@code value}), value, a pad byte when the length is odd. */
    static byte[] block(int option, int suboption, byte[] value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(option);
        o.write(suboption);
        u16(o, value.length);
        o.writeBytes(value);
        if ((value.length & 1) != 0) {
            o.write(0);
        }
        return o.toByteArray();
    }

    /** A block whose value starts with BlockInfo (Identify/Get responses, Hello) or BlockQualifier (Set requests). */
    static byte[] block(int option, int suboption, int infoOrQualifier, byte[] value) {
        return block(option, suboption, WireFeeder.concat(u16(infoOrQualifier), value));
    }

    static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] ipSuite(String ip, String mask, String gateway) {
        return WireFeeder.concat(Frames.address(ip), Frames.address(mask), Frames.address(gateway));
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    /** The PDU in an Ethernet frame from {@code src} to {@code dst}. */
    static byte[] frame(String dst, String src, byte[] pdu) {
        return Frames.ethernet(dst, src, ETHERTYPE_PROFINET, pdu);
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }
}
