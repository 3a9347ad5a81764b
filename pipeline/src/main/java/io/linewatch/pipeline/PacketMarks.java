package io.linewatch.pipeline;

/**
 * Where the merging thread of {@link ParallelPipeline} marks its progress through the packets for the alerts'
 * evidence: the evidence itself when the rules run on the merger, the rules' hand-off when they have a thread of
 * their own (the marks then reach the evidence from the rules thread, in order with the alerts).
 */
interface PacketMarks {
    /** The records applied next were caused by packet {@code index}. */
    void at(long index);

    /** The end of a round: every packet up to {@code index} has been merged. */
    void merged(long index);
}
