package io.linewatch.dissectors.link;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.LinkProtocol;
import io.linewatch.dissectors.DissectorContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each layer-2 frame ({@link DecodedPacket.Kind#LINK}) to the dissector of its protocol, and is their last
 * boundary: an exception out of one (a bug) becomes a counted malformed record ({@code <protocol>.dissector_errors})
 * for that frame, and the next frame is dissected again (there is no connection to give up on).
 */
public final class LinkRegistry {
    private final Map<LinkProtocol, LinkDissector> dissectors = new EnumMap<>(LinkProtocol.class);
    private final DissectorContext context;

    public LinkRegistry(List<LinkDissector> dissectors, DissectorContext context) {
        for (LinkDissector d : dissectors) {
            this.dissectors.putIfAbsent(d.link(), d);
        }
        this.context = context;
    }

    public DissectorContext context() {
        return context;
    }

    /**
     * The conversation of a layer-2 frame, the same both ways: link protocol, the two MACs in order, VLANs. It is the
     * records' {@code Endpoints.id()}, so the pipeline keeps the frame's packets for alert evidence under it.
     */
    public static String conversation(DecodedPacket p) {
        long a = Math.min(p.srcMac, p.dstMac);
        long b = Math.max(p.srcMac, p.dstMac);
        return "l2|" + p.link + "|" + Long.toHexString(a) + "|" + Long.toHexString(b) + "|" + p.outerVlan + "|" + p.innerVlan;
    }

    /** One frame the decoder marked {@code LINK}; other frames are ignored. */
    public void frame(DecodedPacket p) {
        if (p.kind != DecodedPacket.Kind.LINK || p.link == null) {
            return;
        }
        LinkDissector d = dissectors.get(p.link);
        if (d == null) {
            context.count("link.no_dissector", 1);
            return;
        }
        LinkSession session = new LinkSession(context, p);
        try {
            d.frame(p.buf, p.payloadOffset, p.payloadLength, session);
        } catch (RuntimeException | StackOverflowError e) {
            context.count(d.protocol().wireName + ".dissector_errors", 1);
            session.malformed(d.protocol(), "dissector error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
