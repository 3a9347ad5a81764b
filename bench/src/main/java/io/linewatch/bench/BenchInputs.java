package io.linewatch.bench;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Real captures held in memory for the micro-benchmarks: the repository's testdata/pcaps. */
final class BenchInputs {
    /** The OT mix the end-to-end benchmark is built from (bench/make-capture). */
    static final String[] OT_MIX = {"modbus", "s7comm", "enip"};

    private BenchInputs() {
    }

    /** testdata/pcaps, from -Dlinewatch.testdata or the nearest parent directory that has it. */
    static Path testdata() {
        String configured = System.getProperty("linewatch.testdata");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata/pcaps");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/pcaps not found; run from the repository or set -Dlinewatch.testdata");
    }

    /** Capture files of the given protocol folders, sorted by path (a folder that does not exist adds none). */
    static List<Path> captures(String... folders) {
        List<Path> files = new ArrayList<>();
        for (String folder : folders) {
            Path dir = testdata().resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Every frame of the files, each with its own copy of the bytes, files one after another. */
    static List<Frame> frames(List<Path> files) {
        List<Frame> frames = new ArrayList<>();
        for (Path file : files) {
            try (CaptureFileReader reader = new CaptureFileReader(file)) {
                Frame f = new Frame();
                while (reader.next(f)) {
                    Frame copy = new Frame();
                    copy.set(f.timestampNanos, f.linkType, f.data, 0, f.capturedLength, f.originalLength);
                    frames.add(copy);
                }
            } catch (CaptureException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return frames;
    }

    /**
     * Decodes each frame into its own {@link DecodedPacket} (the frame's buffer stays referenced), keeping the
     * IP packets a flow table takes; frames the decoder drops or ARP are left out.
     */
    static List<DecodedPacket> decoded(List<Frame> frames) {
        PacketDecoder decoder = new PacketDecoder();
        List<DecodedPacket> out = new ArrayList<>();
        for (Frame f : frames) {
            DecodedPacket p = new DecodedPacket();
            if (decoder.decode(f, p) && p.kind != DecodedPacket.Kind.ARP && p.kind != DecodedPacket.Kind.LINK) {
                out.add(p);
            }
        }
        return out;
    }
}
