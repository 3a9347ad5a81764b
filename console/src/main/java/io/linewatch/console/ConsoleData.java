package io.linewatch.console;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the console shows, from an output directory ({@link DirectoryData}) or a running pipeline
 * ({@link LiveData}). Called from the server's threads; implementations are thread-safe and hand out copies.
 */
interface ConsoleData {
    /** The directory the journal files are in (evidence captures, baseline.json and console state live there). */
    Path directory();

    /** The asset documents, as {@code assets.json} holds them. */
    List<Map<String, Object>> assets();

    /** Every alert known, oldest first. */
    List<Map<String, Object>> alerts();

    /** Reads the traffic aggregate under the data's lock and returns what the function built from it. */
    <T> T traffic(Function<Traffic, T> view);

    /** Whether reading works, how far behind the journal it is, and (live) how the capture is doing. */
    Map<String, Object> health();

    /** {@code baseline.json} parsed, or null when there is none (or it cannot be read: see health). */
    Map<String, Object> baseline();

    /** True when serving a running capture. */
    boolean live();
}
