package io.linewatch.capture.decode;

import java.util.Map;
import java.util.TreeMap;

/** What the decoder saw and what it could not use; every packet ends up in exactly one outcome. */
public final class DecodeStats {
    public long frames;
    public long bytes;
    public long ipv4;
    public long ipv6;
    public long arp;
    public long tcp;
    public long udp;
    public long otherLink;
    /** Layer-2 protocol frames handed to the link-layer dissectors (PROFINET DCP, LLDP, CDP). */
    public long linkLayer;
    public long otherTransport;
    public long vlanTagged;
    public long fragments;
    public long reassembledDatagrams;
    public long fragmentsExpired;
    public long fragmentsDroppedAtCap;
    /** Fragments still waiting for their siblings (at the end of the input: never completed). */
    public long fragmentsIncompleteAtEnd;
    public long snaplenTruncated;
    /** IP packets whose header claims more bytes than the whole (not snaplen-cut) frame held; decoded as they are. */
    public long ipLengthBeyondFrame;
    /** Malformed frames by reason (short snake_case). */
    public final Map<String, Long> malformed = new TreeMap<>();

    void malformed(String reason) {
        malformed.merge(reason, 1L, Long::sum);
    }

    public long malformedTotal() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }
}
