package io.linewatch.capture.source;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Set;

/**
 * libpcap's {@code pcap_next_ex}, bound directly through JNA (pcap4j's own binding library) for {@link LiveSource}'s
 * reading thread. pcap4j's {@code getNextRawPacket} makes, for every packet, a JNA {@code pcap_pkthdr} structure
 * with its own native memory, a {@code java.sql.Timestamp} and a {@code byte[]}: about 3 µs of CPU per packet,
 * measured (docs/PERFORMANCE.md, "live"). This reads the header and copies the bytes straight into the caller's
 * {@link Frame}, with nothing allocated per packet. The handle is still opened, configured, filtered, counted
 * and closed by pcap4j.
 *
 * <p>Receive only: {@link #BOUND} is every libpcap function bound here; no send function is among them
 * (ArchitectureTest and PcapReadTest hold that).
 */
final class PcapRead {
    /** The libpcap functions this class binds. */
    static final Set<String> BOUND = Set.of("pcap_next_ex");

    /** pcap_next_ex: a packet was read; 0 is "nothing waiting" (non-blocking), below 0 an error or the end. */
    static final int PACKET = 1;
    static final int NOTHING_WAITING = 0;
    static final int ERROR = -1;

    /**
     * struct pcap_pkthdr on LP64 Linux ({@code <pcap/pcap.h>}): struct timeval ts (tv_sec, tv_usec: two longs; with
     * nanosecond precision tv_usec holds nanoseconds), bpf_u_int32 caplen, bpf_u_int32 len.
     */
    private static final long TS_SECONDS = 0;
    private static final long TS_FRACTION = 8;
    private static final long CAPLEN = 16;
    private static final long LEN = 20;

    static {
        Libpcap.configure();
        Native.register(PcapRead.class, NativeLibrary.getInstance(Libpcap.libraryName()));
    }

    private static native int pcap_next_ex(Pointer pcap, Pointer header, Pointer data);

    private final Pointer pcap;
    /** pcap_next_ex's two out-parameters: where libpcap puts the header's and the data's address. */
    private final Memory out = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer dataOut = out.share(Native.POINTER_SIZE);
    /** Re-aimed at each packet's header and data in libpcap's ring instead of a new Pointer per packet. */
    private final Pointer view = new Pointer(0);
    private final long nanosPerFraction;

    /**
     * @param pcap the {@code pcap_t *} of an activated handle
     * @param nanosecondPrecision whether the handle's timestamps carry nanoseconds (else microseconds)
     */
    PcapRead(Pointer pcap, boolean nanosecondPrecision) {
        if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            throw new IllegalStateException("pcap_pkthdr layout is only known for 64-bit Linux here");
        }
        this.pcap = pcap;
        this.nanosPerFraction = nanosecondPrecision ? 1 : 1000;
    }

    /**
     * Reads the next packet into {@code frame} (its data, lengths and time; not its link type).
     *
     * @return {@link #PACKET}, {@link #NOTHING_WAITING}, or libpcap's negative error code
     */
    int next(Frame frame) {
        int r = pcap_next_ex(pcap, out, dataOut);
        if (r != PACKET) {
            return r;
        }
        Pointer.nativeValue(view, out.getLong(0));
        long nanos = view.getLong(TS_SECONDS) * 1_000_000_000L + view.getLong(TS_FRACTION) * nanosPerFraction;
        int captured = view.getInt(CAPLEN);
        int original = view.getInt(LEN);
        Pointer.nativeValue(view, dataOut.getLong(0));
        view.read(0, frame.ensureCapacity(captured), 0, captured);
        frame.timestampNanos = nanos;
        frame.capturedLength = captured;
        frame.originalLength = Math.max(captured, original);
        return PACKET;
    }
}
