package io.linewatch.dissectors.profinet;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import java.util.Locale;

/**
 * Bytes to {@link DcpMessage}. Layout (IEC 61158-6-10 §4.3, Wireshark packet-pn-dcp.c {@code dissect_PNDCP_PDU}):
 * FrameID(2) ServiceID(1) ServiceType(1) Xid(4) ResponseDelay/reserved(2) DCPDataLength(2), then blocks of
 * Option(1) Suboption(1) DCPBlockLength(2) data, padded to an even length. A block's data starts with a 2-byte
 * BlockInfo in Identify and Get responses and in Hello, with a 2-byte BlockQualifier in a Set request, and with
 * nothing in an Identify request (its blocks are filters); a Get request lists bare option/suboption pairs;
 * Control/Response blocks (5/4) of Set and Get responses hold the answered option, suboption and BlockError.
 * Never throws: bad bytes give a message carrying the error.
 */
final class DcpDecoder {
    private static final int HEADER = 12;

    private DcpDecoder() {
    }

    static DcpMessage decode(byte[] b, int off, int len) {
        DcpMessage m = new DcpMessage();
        try {
            ByteReader r = new ByteReader(b, off, len, "dcp_header");
            if (!r.has(HEADER)) {
                throw new DecodeException("dcp_header_truncated");
            }
            m.frameId = r.u16();
            m.serviceId = r.u8();
            m.serviceType = r.u8();
            m.xid = r.u32();
            r.u16(); // ResponseDelay in an Identify request, reserved otherwise
            int dataLength = r.u16();
            if (dataLength > r.remaining()) {
                throw new DecodeException("dcp_data_truncated");
            }
            blocks(r.slice(dataLength, "dcp_block"), m); // what follows is Ethernet padding
        } catch (DecodeException e) {
            m.error = e.reason();
        }
        return m;
    }

    private static void blocks(ByteReader data, DcpMessage m) {
        DcpService service = DcpService.of(m.serviceId);
        boolean response = m.isResponse();
        if (service == DcpService.GET && !response) {
            while (data.has(2)) {
                int option = data.u8();
                int suboption = data.u8();
                m.blocks.add(DcpBlock.name(option, suboption));
            }
            return;
        }
        boolean blockInfo = (service == DcpService.IDENTIFY && response) || (service == DcpService.HELLO && !response)
                || (service == DcpService.GET && response);
        boolean qualifier = service == DcpService.SET && !response;
        while (data.has(4)) {
            int option = data.u8();
            int suboption = data.u8();
            int length = data.u16();
            ByteReader block = data.slice(length, "dcp_block");
            if ((length & 1) != 0 && data.has(1)) {
                data.skip(1); // padding to an even length
            }
            m.blocks.add(DcpBlock.name(option, suboption));
            boolean controlResponse = option == DcpBlock.OPTION_CONTROL && suboption == DcpBlock.CONTROL_RESPONSE;
            int info = -1;
            if ((blockInfo || qualifier) && !controlResponse) {
                info = block.u16();
            }
            if (qualifier) {
                m.setBlocks.add(new int[] {option, suboption});
                String control = DcpBlock.control(option, suboption);
                if (control != null && !control.endsWith("_transaction")) {
                    m.control = control;
                }
            }
            content(option, suboption, info, block, m);
        }
    }

    private static void content(int option, int suboption, int info, ByteReader block, DcpMessage m) {
        if (option == DcpBlock.OPTION_IP) {
            if (suboption == DcpBlock.IP_MAC) {
                m.mac = mac(block.bytes(6));
            } else if (suboption == DcpBlock.IP_PARAMETER || suboption == DcpBlock.IP_FULL_SUITE) {
                m.ip = ipv4(block.bytes(4));
                m.subnetMask = ipv4(block.bytes(4));
                m.gateway = ipv4(block.bytes(4));
                m.ipBlockInfo = m.isResponse() || m.serviceId == DcpService.HELLO.code ? info : -1;
            }
        } else if (option == DcpBlock.OPTION_DEVICE) {
            switch (suboption) {
                case DcpBlock.DEVICE_TYPE_OF_STATION -> m.typeOfStation = block.text(block.remaining());
                case DcpBlock.DEVICE_NAME_OF_STATION -> m.stationName = block.text(block.remaining());
                case DcpBlock.DEVICE_ALIAS_NAME -> m.aliasName = block.text(block.remaining());
                case DcpBlock.DEVICE_ID -> {
                    m.vendorId = block.u16();
                    m.deviceId = block.u16();
                }
                case DcpBlock.DEVICE_ROLE -> m.roleBits = block.u8();
                default -> { }
            }
        } else if (option == DcpBlock.OPTION_CONTROL && suboption == DcpBlock.CONTROL_RESPONSE) {
            int answeredOption = block.u8();
            int answeredSuboption = block.u8();
            int error = block.u8();
            m.setBlocks.add(new int[] {answeredOption, answeredSuboption});
            if (error != 0 && m.blockError <= 0) {
                m.blockError = error;
            } else if (m.blockError < 0) {
                m.blockError = 0;
            }
        }
    }

    private static String ipv4(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    private static String mac(byte[] a) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", a[i] & 0xff));
        }
        return sb.toString();
    }
}
