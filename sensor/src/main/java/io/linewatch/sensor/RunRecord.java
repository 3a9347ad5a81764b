package io.linewatch.sensor;

import io.linewatch.inventory.export.InventoryFormatException;
import io.linewatch.inventory.export.RunInfo;
import io.linewatch.model.Timestamps;
import io.linewatch.pipeline.PacketPipeline;
import io.linewatch.pipeline.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes {@code DIR/run.json} at the end of analyze and capture: what the exports' covers say about the run. */
final class RunRecord {
    static final String VERSION = "0.1.0";

    private RunRecord() {
    }

    /**
     * @param append a live capture appending to its folder: the record folds into the one already there
     * @return an error message, or null
     */
    static String write(Path out, String mode, List<RunInfo.Input> inputs, String sensorName, Run run,
                        PacketPipeline pipeline, boolean append) {
        String first = run.firstTimestampNanos() == Long.MIN_VALUE ? null : Timestamps.iso(run.firstTimestampNanos());
        String last = run.lastTimestampNanos() == Long.MIN_VALUE ? null : Timestamps.iso(run.lastTimestampNanos());
        RunInfo info = new RunInfo(sensorName, mode, inputs, first, last, pipeline.packets(), Instant.now().toString(), VERSION);
        try {
            if (append) {
                RunInfo earlier;
                try {
                    earlier = RunInfo.readDir(out);
                } catch (InventoryFormatException e) {
                    earlier = null; // an unreadable record is replaced, not merged
                }
                info = info.after(earlier);
            }
            info.write(out);
            return null;
        } catch (IOException e) {
            return "cannot write " + out.resolve(RunInfo.FILE) + ": " + e.getMessage();
        }
    }

    /** Each capture file with its size and SHA-256. */
    static List<RunInfo.Input> files(List<Path> files) throws IOException {
        List<RunInfo.Input> out = new java.util.ArrayList<>();
        for (Path f : files) {
            out.add(RunInfo.file(f));
        }
        return out;
    }
}
