package io.linewatch.dissectors.link;

import io.linewatch.capture.decode.LinkProtocol;
import io.linewatch.model.transaction.Protocol;

/**
 * The dissector of one layer-2 protocol. A layer-2 protocol has no connection: each frame is handed over on its
 * own ({@code frame}, {@code off}, {@code len}: the payload after the EtherType or SNAP header) with a
 * {@link LinkSession} that knows the frame's MACs, VLAN and time. Like a flow dissector it never throws for bad
 * bytes: they become {@link LinkSession#malformed} records. One instance per pipeline (per worker).
 */
public interface LinkDissector {
    /** Which frames it takes. */
    LinkProtocol link();

    /** The protocol of its records. */
    Protocol protocol();

    void frame(byte[] buf, int off, int len, LinkSession session);
}
