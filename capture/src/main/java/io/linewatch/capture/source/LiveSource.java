package io.linewatch.capture.source;

import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;

/**
 * Passive capture from an interface through libpcap: promiscuous, receive only. Nothing in this
 * class (or anywhere in Linewatch) calls a send function on the handle.
 *
 * <p>pcap4j opens, configures, filters, counts and closes the handle; packets are read with {@link PcapRead}
 * (libpcap's pcap_next_ex on the same handle) straight into the caller's {@link Frame}, with nothing allocated
 * per packet. libpcap uses a TPACKET_V3 ring of {@link #KERNEL_BUFFER_BYTES} (immediate mode would switch it to
 * TPACKET_V2, whose fixed slots of one snapshot length each hold only 256 frames in the same memory).
 */
public final class LiveSource implements PacketSource {
    private static final int SNAPLEN = 262_144;
    private static final int READ_TIMEOUT_MILLIS = 100;
    private static final int KERNEL_BUFFER_BYTES = 64 * 1024 * 1024;
    private static final long IDLE_WAIT_MILLIS = 2;
    /**
     * After stop() the frames the kernel already holds are still read (they were captured before the stop), for at
     * most this long, so a stop under a flood still ends.
     */
    private static final long DRAIN_NANOS = 2_000_000_000L;

    private final String iface;
    private final PcapHandle handle;
    private final PcapRead reader;
    private final int linkType;
    /** Held while libpcap is called on the handle, so close() cannot free it under a read. */
    private final Object handleLock = new Object();
    private volatile boolean stopped;
    private volatile long stoppedAt;
    private Runnable onIdle = () -> { };

    public LiveSource(String iface, String bpf) throws CaptureException {
        Libpcap.configure();
        this.iface = iface;
        try {
            handle = new PcapHandle.Builder(iface)
                    .snaplen(SNAPLEN)
                    .promiscuousMode(PromiscuousMode.PROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .bufferSize(KERNEL_BUFFER_BYTES)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot capture on " + iface + ": " + oneLine(e.getMessage()) + permissionHint(e.getMessage()), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CaptureException("cannot capture on " + iface + ": libpcap is not installed (" + e.getMessage() + ")", e);
        }
        try {
            // libpcap's read timeout does not run while the ring is empty (TPACKET_V3): without non-blocking
            // reads a quiet interface would never let stop() be seen
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            reader = new PcapRead(pcapPointer(handle),
                    handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO);
            linkType = handle.getDlt().value();
        } catch (PcapNativeException | NotOpenException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            handle.close();
            throw new CaptureException("cannot capture on " + iface + ": " + oneLine(e.getMessage()), e);
        }
        if (bpf != null && !bpf.isBlank()) {
            try {
                handle.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new CaptureException("bad capture filter '" + bpf + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * The {@code pcap_t *} pcap4j holds (a private field: pcap4j 1.8 offers no read without per-packet objects).
     * The pcap4j version is fixed in the pom; LiveCaptureTest fails if this field goes away.
     */
    private static Pointer pcapPointer(PcapHandle handle) throws ReflectiveOperationException {
        Field f = PcapHandle.class.getDeclaredField("handle");
        f.setAccessible(true);
        return (Pointer) f.get(handle);
    }

    static String oneLine(String message) {
        return message == null ? "unknown error" : message.replace('\n', ' ').strip();
    }

    /** What to do about a refused capture socket: the operator rarely knows which right is missing. */
    static String permissionHint(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("permission") || m.contains("not permitted")) {
            return "; live capture needs root or CAP_NET_RAW (setcap cap_net_raw+eip on the java binary, or run as "
                    + "the linewatch service user: packaging/linewatch.service)";
        }
        return "";
    }

    @Override
    public boolean next(Frame frame) throws CaptureException {
        while (true) {
            if (stopped && System.nanoTime() - stoppedAt > DRAIN_NANOS) {
                return false;
            }
            int r;
            synchronized (handleLock) {
                if (!handle.isOpen()) {
                    return false;
                }
                r = reader.next(frame);
            }
            if (r == PcapRead.PACKET) {
                frame.linkType = linkType;
                return true;
            }
            if (r != PcapRead.NOTHING_WAITING) {
                throw new CaptureException("capture on " + iface + " failed: " + readError(r));
            }
            if (stopped) {
                return false; // drained: everything captured before the stop was read
            }
            onIdle.run();
            idle();
        }
    }

    private String readError(int code) {
        synchronized (handleLock) {
            try {
                return code == PcapRead.ERROR ? oneLine(handle.getError()) : "libpcap error " + code;
            } catch (NotOpenException e) {
                return "the handle was closed";
            }
        }
    }

    /**
     * Runs on the reading thread whenever a read finds nothing waiting (every couple of milliseconds while
     * the wire is quiet), e.g. to hand partly filled batches on to worker threads.
     */
    public void onIdle(Runnable action) {
        this.onIdle = action;
    }

    /** Nothing to read: wait a little (only when idle, so a busy interface is read without pauses). */
    private static void idle() {
        try {
            Thread.sleep(IDLE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** libpcap's counters: received by the filter, dropped for lack of buffer, dropped by the interface. */
    public record Stats(long received, long dropped, long droppedByInterface) {
    }

    public Stats stats() {
        try {
            PcapStat s;
            synchronized (handleLock) {
                s = handle.getStats();
            }
            return new Stats(s.getNumPacketsReceived(), s.getNumPacketsDropped(), s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            return new Stats(-1, -1, -1);
        }
    }

    @Override
    public String name() {
        return iface;
    }

    @Override
    public void stop() {
        stoppedAt = System.nanoTime();
        stopped = true;
    }

    @Override
    public void close() {
        stopped = true;
        synchronized (handleLock) {
            if (handle.isOpen()) {
                handle.close();
            }
        }
    }
}
