package io.linewatch.pipeline;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.MergedSource;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.rules.RuleEngine;
import io.linewatch.testkit.TestCaptures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test captures, and {@code analyze} without the command line: captures through a pipeline into a journal. */
final class Analyze {
    private Analyze() {
    }

    /** The shipped rule pack, no maintenance windows. */
    static RuleEngine.Pack rules() {
        return RuleEngine.compile(null, List.of());
    }

    /** A capture under testdata/pcaps. */
    static Path capture(String relative) {
        return TestCaptures.path(relative);
    }

    /** Captures whose traffic raises alerts with evidence (stop, upload, firmware, identity change): one each. */
    static Path[] alerting() {
        return new Path[] {
            capture("s7comm/cisa_snap7_s300_stop_upload_szl.pcap"),
            capture("modbus/iti_modicon_umas_fc90.pcap"),
            capture("profinet/iti_profinet_dcp_change_ip.pcap"),
            capture("enip/iti_cip_stop_plc_single.pcap"),
            capture("enip/quickdraw_cl5000eip_firmware_change.pcap"),
        };
    }

    /** Runs the captures (merged in time order) through a pipeline made with {@code threads} flow threads. */
    static PacketPipeline run(Path out, int threads, Path... captures) throws Exception {
        List<PacketSource> sources = new ArrayList<>();
        for (Path c : captures) {
            sources.add(new CaptureFileReader(c));
        }
        try (Journal journal = new Journal(out, true); PacketSource source = new MergedSource(sources)) {
            PacketPipeline p = threads > 1 ? new ParallelPipeline(journal, rules(), null, threads, false)
                    : new Pipeline(journal, rules(), null);
            String error = new Run(source, p, (packets, fraction) -> { }, 0).execute();
            if (error != null) {
                throw new AssertionError(error);
            }
            return p;
        }
    }
}
