import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LiveSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

/**
 * What reading one packet costs the capture thread (bench/live-rate's "reading cost"; docs/PERFORMANCE.md): CPU
 * nanoseconds per packet of Linewatch's LiveSource.next against pcap4j's getNextRawPacket (what LiveSource used
 * before: a JNA pcap_pkthdr, a Timestamp and a byte[] per packet), both on the same interface with the same
 * settings.
 *
 *   java -cp "sensor/target/linewatch-sensor.jar:sensor/target/lib/*" bench/tools/LiveReadCost.java \
 *       IFACE NAMESPACE PEER CAPTURE [PACKETS] [ROUNDS]
 *
 * Each round: both handles listen on IFACE; tcpreplay sends PACKETS (default 200,000) of CAPTURE at top speed into
 * PEER (in NAMESPACE) while nobody reads, so each handle's kernel ring holds them all; then each handle is drained
 * alone (the order alternates between rounds) and the reading thread's CPU time is divided by the packets read.
 * The first round warms the JIT and is not counted. Prints one JSON line. Launched as a single-file source program
 * (no build of its own): the sensor's jar and its libraries are the class path.
 */
public class LiveReadCost {
    private static final int SNAPLEN = 262_144;
    private static final int KERNEL_BUFFER_BYTES = 64 * 1024 * 1024;

    interface Reader extends AutoCloseable {
        /** @return false when nothing is waiting */
        boolean read(Frame frame) throws Exception;

        long dropped() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String iface = args[0];
        String namespace = args[1];
        String peer = args[2];
        String capture = args[3];
        int packets = args.length > 4 ? Integer.parseInt(args[4]) : 200_000;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] total = new double[2];
        long[] read = new long[2];
        long dropped = 0;
        for (int round = 0; round < rounds; round++) {
            try (Reader linewatch = linewatch(iface); Reader pcap4j = pcap4j(iface)) {
                waitUntilListening(iface, 2);
                Process p = new ProcessBuilder(List.of("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer,
                        "--topspeed", "--limit", Integer.toString(packets), capture)).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("tcpreplay failed: " + out.strip());
                }
                Thread.sleep(500); // libpcap's 100-ms timeout hands over the ring's last block
                for (int k = 0; k < 2; k++) {
                    int which = (round + k) % 2;
                    Reader reader = which == 0 ? linewatch : pcap4j;
                    Frame frame = new Frame();
                    long n = 0;
                    long start = cpu.getCurrentThreadCpuTime();
                    while (reader.read(frame)) {
                        n++;
                    }
                    long spent = cpu.getCurrentThreadCpuTime() - start;
                    if (round > 0) {
                        total[which] += spent;
                        read[which] += n;
                    }
                }
                dropped += linewatch.dropped() + pcap4j.dropped();
            }
        }
        System.out.printf(Locale.ROOT, "{\"linewatch_ns_per_packet\": %.1f, \"pcap4j_ns_per_packet\": %.1f, "
                + "\"packets_per_reader\": %d, \"dropped\": %d}%n", total[0] / Math.max(1, read[0]),
                total[1] / Math.max(1, read[1]), read[0], dropped);
    }

    /** LiveSource as the sensor uses it; told to stop at the first empty read, it returns false there. */
    static Reader linewatch(String iface) throws Exception {
        LiveSource ours = new LiveSource(iface, null);
        ours.onIdle(ours::stop);
        return new Reader() {
            @Override
            public boolean read(Frame frame) throws Exception {
                return ours.next(frame);
            }

            @Override
            public long dropped() {
                return ours.stats().dropped();
            }

            @Override
            public void close() {
                ours.close();
            }
        };
    }

    /** pcap4j's getNextRawPacket, with what LiveSource did with its result before it read libpcap's ring itself. */
    static Reader pcap4j(String iface) throws Exception {
        PcapHandle handle = new PcapHandle.Builder(iface).snaplen(SNAPLEN).promiscuousMode(PromiscuousMode.PROMISCUOUS)
                .timeoutMillis(100).bufferSize(KERNEL_BUFFER_BYTES)
                .timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        return new Reader() {
            @Override
            public boolean read(Frame frame) throws Exception {
                byte[] raw = handle.getNextRawPacket();
                if (raw == null) {
                    return false;
                }
                java.sql.Timestamp ts = handle.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                frame.set(nanos, handle.getDlt().value(), raw, 0, raw.length,
                        Math.max(raw.length, handle.getOriginalLength()));
                return true;
            }

            @Override
            public long dropped() throws Exception {
                return handle.getStats().getNumPacketsDropped();
            }

            @Override
            public void close() {
                handle.close();
            }
        };
    }

    /** Until {@code sockets} packet sockets are bound to the interface (/proc/net/packet). */
    static void waitUntilListening(String iface, int sockets) throws Exception {
        String index = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", iface, "ifindex")).strip();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            long bound = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/packet")).stream().skip(1)
                    .map(l -> l.trim().split("\\s+")).filter(f -> f.length > 4 && f[4].equals(index)).count();
            if (bound >= sockets) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the readers did not listen on " + iface);
    }
}
