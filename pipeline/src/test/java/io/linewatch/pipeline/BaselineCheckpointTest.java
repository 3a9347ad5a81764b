package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.baseline.BaselineFile;
import io.linewatch.index.journal.Journal;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint's {@code baseline.json} is written off the feeding thread from a snapshot: the final write is
 * never overtaken by an older checkpoint, and a failed checkpoint write is thrown on the feeding thread later. The
 * final one is written on the same thread while the journal is forced to disk; the end waits for it and throws
 * its error.
 */
class BaselineCheckpointTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void theFinalBaselineHasWhatWasLearnedAfterTheLastCheckpoint() throws Exception {
        try (Journal journal = new Journal(tmp, true)) {
            Downstream d = new Downstream(journal, Analyze.rules(), null);
            d.checkpointEvery(1);
            d.sighting(T0, "10.0.0.1", "02:00:00:00:00:01", -1);
            d.maybeCheckpoint();
            assertEquals(1, d.checkpoints());
            d.sighting(T0 + 1, "10.0.0.2", "02:00:00:00:00:02", -1);
            d.finish();
            String saved = Files.readString(tmp.resolve(BaselineFile.FILE_NAME));
            assertTrue(saved.contains("\"10.0.0.1\"") && saved.contains("\"10.0.0.2\""), saved);
        }
    }

    @Test
    void aCheckpointThatCannotBeWrittenFailsTheNextCallNotThePacket() throws Exception {
        Files.createDirectories(tmp.resolve(BaselineFile.FILE_NAME).resolve("in-the-way"));
        try (Journal journal = new Journal(tmp, true)) {
            Downstream d = new Downstream(journal, Analyze.rules(), null);
            d.checkpointEvery(1);
            d.sighting(T0, "10.0.0.1", "02:00:00:00:00:01", -1);
            d.maybeCheckpoint(); // the write is handed to the writer thread: it fails there
            UncheckedIOException e = assertThrows(UncheckedIOException.class, d::finish);
            assertTrue(e.getMessage().contains(BaselineFile.FILE_NAME), e.getMessage());
        }
    }

    @Test
    void theFinalBaselineWrittenOffThisThreadStillFailsTheEndWhenItCannotBeWritten() throws Exception {
        Files.createDirectories(tmp.resolve(BaselineFile.FILE_NAME).resolve("in-the-way"));
        try (Journal journal = new Journal(tmp, true)) {
            Downstream d = new Downstream(journal, Analyze.rules(), null);
            d.sighting(T0, "10.0.0.1", "02:00:00:00:00:01", -1);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, d::finish); // no checkpoint: the final write's own error
            assertTrue(e.getMessage().contains(BaselineFile.FILE_NAME), e.getMessage());
        }
    }
}
