package io.linewatch.sensor;

import io.linewatch.capture.decode.DecodeStats;
import io.linewatch.capture.flow.FlowStats;
import io.linewatch.index.journal.Journal;
import io.linewatch.pipeline.PacketPipeline;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** The readable end-of-run report. */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream out, String what, PacketPipeline p, double seconds) {
        DecodeStats d = p.decodeStats();
        FlowStats f = p.flowStats();
        Journal j = p.journal();
        out.printf("%s: %,d packets (%,d bytes) in %.2f s, %,.0f packets/s%n", what, p.packets(), d.bytes, seconds,
                seconds > 0 ? p.packets() / seconds : 0);
        out.printf("  decoded      ipv4 %,d  ipv6 %,d  arp %,d  tcp %,d  udp %,d  vlan-tagged %,d  other link %,d%n",
                d.ipv4, d.ipv6, d.arp, d.tcp, d.udp, d.vlanTagged, d.otherLink);
        out.printf("  flows        %,d (at most %,d open at once)%n", f.created, f.maxActive);
        out.printf("  events       %,d  %s%n", j.count(Journal.Stream.EVENTS), join(p.eventsByDataset()));
        if (!p.transactionCounters().isEmpty()) {
            out.printf("  transactions %s%n", join(p.transactionCounters()));
        }
        out.printf("  assets       %,d%s%n", p.assets(),
                p.inventoryCounters().isEmpty() ? "" : "  (capped: " + join(p.inventoryCounters()) + ")");
        out.printf("  baseline     %s%n", join(p.baselineCounters()));
        if (!p.ruleCounters().isEmpty()) {
            out.printf("  rules        %s%n", join(p.ruleCounters()));
        }
        out.printf("  alerts       %,d%n", j.count(Journal.Stream.ALERTS));
        long malformedProtocol = p.dissectorCounters().entrySet().stream()
                .filter(e -> e.getKey().endsWith(".malformed")).mapToLong(Map.Entry::getValue).sum();
        out.printf("  malformed    frames %,d%s  protocol records %,d%n", d.malformedTotal(),
                d.malformed.isEmpty() ? "" : " (" + join(d.malformed) + ")", malformedProtocol);
        out.printf("  incomplete   tcp gaps %,d (%,d bytes; %,d sequence jumps followed)  snaplen-cut frames %,d  "
                + "fragments expired %,d  fragments incomplete at end %,d%n", f.tcpGaps, f.tcpGapBytes, f.tcpResyncs,
                d.snaplenTruncated, d.fragmentsExpired, d.fragmentsIncompleteAtEnd);
        out.printf("  dropped      flows evicted at cap %,d  reassembly cap hits %,d  fragments dropped at cap %,d  "
                + "tcp out-of-window %,d bytes (%,d segments)%n", f.evicted(), f.reassemblyCapHits,
                d.fragmentsDroppedAtCap, f.tcpOutOfWindowBytes, f.tcpOutOfWindowSegments);
        if (p.workers() > 1) {
            out.printf("  workers      %d flow threads  packets dropped at full queues %,d%n", p.workers(), p.queueDrops());
            if (!p.waits().isEmpty()) {
                out.printf("  waited (ms)  %s%n", join(p.waits()));
            }
        }
        if (!p.dissectorCounters().isEmpty()) {
            out.printf("  dissectors   %s%n", join(p.dissectorCounters()));
        }
        if (j.tornTails() > 0) {
            out.printf("  journal      torn last lines set aside at start %,d (%,d bytes, in *.torn-N)%n", j.tornTails(),
                    j.tornBytes());
        }
        if (j.retention() != null) {
            out.printf("  retention    %s%n", j.retention().stats().summary());
        }
        if (j.segmentsSealed() > 0) {
            out.printf("  segments     %,d journal segments sealed (events-NNNNNN.ndjson, alerts-NNNNNN.ndjson)%n",
                    j.segmentsSealed());
        }
        out.printf("  output       %s/{%s,%s,%s,baseline.json}%n", j.directory(), Journal.Stream.EVENTS.fileName,
                Journal.Stream.ALERTS.fileName, Journal.ASSETS_FILE);
    }

    private static String join(Map<String, Long> m) {
        return m.entrySet().stream().map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
