package io.linewatch.capture.flow;

import java.util.BitSet;

/**
 * Well-known server ports, used only to guess who is the client of a flow whose handshake was not
 * captured. A SYN always wins over this table.
 */
public final class ServicePorts {
    private static final BitSet SERVER = new BitSet(65536);

    static {
        int[] ports = {
            102,    // ISO-TSAP: S7comm, S7comm-plus, IEC 61850 MMS
            502,    // Modbus/TCP
            2222,   // EtherNet/IP implicit I/O
            44818,  // EtherNet/IP explicit
            20000,  // DNP3
            2404,   // IEC 60870-5-104
            47808,  // BACnet/IP
            4840,   // OPC UA
            34962, 34963, 34964, // PROFINET
            1911,   // Niagara Fox
            9600,   // OMRON FINS
            18245, 18246, // GE SRTP
            5007,   // Mitsubishi MELSEC
            1883, 8883, // MQTT
        };
        for (int p : ports) {
            SERVER.set(p);
        }
        SERVER.set(1, 1024); // system ports
    }

    private ServicePorts() {
    }

    public static boolean isServerPort(int port) {
        return port >= 0 && port < 65536 && SERVER.get(port);
    }

    /** True when the sender of a packet with these ports is more likely the client. */
    public static boolean senderLooksLikeClient(int srcPort, int dstPort) {
        boolean src = isServerPort(srcPort);
        boolean dst = isServerPort(dstPort);
        if (src != dst) {
            return dst;
        }
        return srcPort >= dstPort; // ephemeral ports are high
    }
}
