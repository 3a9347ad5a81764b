package io.linewatch.capture.flow;

import java.util.EnumMap;
import java.util.Map;

/** Flow table figures; each cap that bit is here, never silent. */
public final class FlowStats {
    public long created;
    public long maxActive;
    public final Map<Flow.EndReason, Long> ended = new EnumMap<>(Flow.EndReason.class);
    public long tcpGaps;
    public long tcpGapBytes;
    public long tcpRetransmittedBytes;
    public long reassemblyCapHits;
    /** TCP bytes (and segments) dropped because they lay more than the largest window from the stream position. */
    public long tcpOutOfWindowBytes;
    public long tcpOutOfWindowSegments;
    /** Sequence jumps the streams followed (each also counted as a gap). */
    public long tcpResyncs;


    void ended(Flow f) {
        ended.merge(f.endReason, 1L, Long::sum);
        if (f.streams != null) {
            for (TcpStream s : f.streams) {
                TcpStream.Stats st = s.stats();
                tcpGaps += st.gaps();
                tcpGapBytes += st.gapBytes();
                tcpRetransmittedBytes += st.retransmittedBytes();
                reassemblyCapHits += st.capHits();
                tcpOutOfWindowBytes += st.outOfWindowBytes();
                tcpOutOfWindowSegments += st.outOfWindowSegments();
                tcpResyncs += st.resyncs();
            }
        }
    }

    public long evicted() {
        return ended.getOrDefault(Flow.EndReason.EVICTED, 0L);
    }
}
