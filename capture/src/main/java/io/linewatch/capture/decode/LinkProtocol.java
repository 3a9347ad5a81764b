package io.linewatch.capture.decode;

/**
 * The layer-2 protocols whose frames the decoder hands on to the link-layer dissectors ({@link DecodedPacket.Kind#LINK}),
 * with how each is recognised. Other non-IP frames are counted ({@link DecodeStats#otherLink}) and go no further.
 */
public enum LinkProtocol {
    /**
     * PROFINET DCP: EtherType 0x8892 with a frame id of 0xFEFC (Hello), 0xFEFD (Get/Set), 0xFEFE (Identify request)
     * or 0xFEFF (Identify response) (IEC 61158-6-10 §4.3; Wireshark packet-pn-rt.c / packet-pn-dcp.c). PROFINET
     * cyclic real-time frames (other frame ids) are I/O data, counted as {@code otherLink}, not handed on.
     */
    PROFINET_DCP,
    /** LLDP: EtherType 0x88CC (IEEE 802.1AB). */
    LLDP,
    /**
     * CDP: an 802.3 length frame with LLC/SNAP header AA-AA-03, OUI 00-00-0C (Cisco), protocol id 0x2000
     * (Wireshark packet-cdp.c registers on the SNAP PID 0x2000); sent to 01:00:0C:CC:CC:CC.
     */
    CDP;

    /** First and last PROFINET frame id of DCP. */
    public static final int DCP_FIRST_FRAME_ID = 0xfefc;
    public static final int DCP_LAST_FRAME_ID = 0xfeff;
    /** 802.2 LLC with SNAP: DSAP, SSAP and control (UI). */
    static final int SNAP_SAP = 0xaa;
    static final int LLC_UI = 0x03;
    static final int CISCO_OUI = 0x00000c;
    static final int CDP_SNAP_PID = 0x2000;
    /** An 802.3 frame's length/type field at or below this is a length (IEEE 802.3 §3.2.6). */
    static final int MAX_8023_LENGTH = 1500;
    static final int LLC_SNAP_HEADER = 8;
}
