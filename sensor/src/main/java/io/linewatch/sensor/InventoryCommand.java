package io.linewatch.sensor;

import io.linewatch.inventory.advisories.AdvisoryException;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.inventory.audit.InventoryDiff;
import io.linewatch.inventory.audit.InventoryDiffHtml;
import io.linewatch.inventory.export.ExportMetadata;
import io.linewatch.inventory.export.RunInfo;
import io.linewatch.inventory.export.ExportFormat;
import io.linewatch.inventory.export.InventoryExporter;
import io.linewatch.inventory.export.InventoryFile;
import io.linewatch.inventory.export.InventoryFormatException;
import io.linewatch.inventory.signing.ExportSigner;
import io.linewatch.inventory.signing.SigningException;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code linewatch inventory ...}: export, diff, sign and verify asset inventories. Arguments and printing only. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Export, compare, sign and verify asset inventories (assets.json written by analyze).",
        subcommands = {InventoryCommand.Export.class, InventoryCommand.Diff.class, InventoryCommand.Sign.class,
                InventoryCommand.Verify.class})
final class InventoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Exit status of {@code verify} when the signature does not match (distinct from bad usage and errors). */
    static final int SIGNATURE_MISMATCH = 3;
    /** Exit status of {@code diff --exit-code} when the inventories differ. */
    static final int DIFFERENT = 4;

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write an inventory as CSV, JSON, a readable HTML report, or the communication matrix "
                    + "(matrix-csv, graphml, dot). The sensor, inputs and observation window come from run.json beside "
                    + "the inventory (written by analyze and capture).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "ASSETS_JSON", description = "assets.json from analyze (or a JSON export)")
        Path from;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "csv, json, html, matrix-csv, graphml or dot")
        String format;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "file to write")
        Path out;

        @Option(names = "--advisories", paramLabel = "DIR", description = "folder of CSAF 2.0 advisories to match against the assets")
        Path advisories;

        @Option(names = "--title", paramLabel = "TEXT", description = "report title", defaultValue = "Linewatch asset inventory")
        String title;

        @Option(names = "--run", paramLabel = "RUN_JSON", description = "the run record (default: run.json beside --from)")
        Path run;

        @Option(names = "--sign", description = "sign the export (FILE.sig) with the key in --key; the cover names the key")
        boolean sign;

        @Option(names = "--key", paramLabel = "DIR", description = "key folder for --sign (default: ~/.config/linewatch/keys)")
        Path keyDir;

        @Option(names = "--generated-at", paramLabel = "ISO8601",
                description = "generation time to print (default: $SOURCE_DATE_EPOCH if set, else now), for reproducible exports")
        String generatedAt;

        @Override
        public Integer call() {
            ExportFormat fmt = ExportFormat.parse(format);
            if (fmt == null) {
                Cli.printError(System.err, "unknown format '" + format + "' (csv, json, html, matrix-csv, graphml or dot)");
                return ExitCodes.FAILURE;
            }
            try {
                List<EventDoc> assets = InventoryFile.read(from);
                if (advisories != null) {
                    AdvisoryLibrary library = loadAdvisories(advisories);
                    library.annotate(assets);
                }
                RunInfo runInfo = runInfo(from, run);
                String when = generationTime(generatedAt);
                ExportSigner signer = sign ? new ExportSigner(keyDir != null ? keyDir : ExportSigner.defaultKeyDir()) : null;
                String fingerprint = signer == null ? null : signer.keyFingerprint();
                ExportMetadata meta = new ExportMetadata(title, when, runInfo, out.getFileName().toString(), fingerprint,
                        signer == null ? null : signer.publicKeyPath().getFileName().toString());
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    InventoryExporter.write(assets, fmt, meta, w);
                }
                System.out.println("wrote " + assets.size() + " assets to " + out);
                if (signer != null) {
                    ExportSigner.Signed signed = signer.sign(out);
                    System.out.println("signature:  " + signed.signature());
                    System.out.println("public key: " + signed.publicKey() + " (" + signed.fingerprint() + ")");
                    System.out.println("check with: openssl pkeyutl -verify -pubin -inkey " + signed.publicKey() + " -rawin -in "
                            + out + " -sigfile " + signed.signature());
                }
                return ExitCodes.OK;
            } catch (InventoryFormatException | AdvisoryException | SigningException | IllegalArgumentException e) {
                Cli.printError(System.err, e.getMessage());
            } catch (IOException e) {
                Cli.printError(System.err, "cannot write " + out + ": " + e.getMessage());
            }
            return ExitCodes.FAILURE;
        }
    }

    /** The run record given, else run.json beside the inventory; null (with a warning) when there is none. */
    static RunInfo runInfo(Path inventory, Path explicit) throws InventoryFormatException {
        if (explicit != null) {
            return RunInfo.read(explicit);
        }
        Path parent = inventory.toAbsolutePath().getParent();
        RunInfo r = parent == null ? null : RunInfo.readDir(parent);
        if (r == null) {
            Cli.printError(System.err, "no " + RunInfo.FILE + " beside " + inventory
                    + ": the export cannot name the sensor, inputs or observation window");
        }
        return r;
    }

    /** --generated-at, else SOURCE_DATE_EPOCH (reproducible builds' convention), else the clock. */
    static String generationTime(String explicit) {
        if (explicit != null) {
            try {
                return java.time.Instant.parse(explicit).toString();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--generated-at: not an ISO-8601 instant: " + explicit);
            }
        }
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("[0-9]{1,12}")) {
            return java.time.Instant.ofEpochSecond(Long.parseLong(epoch)).toString();
        }
        return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compare two inventories: new, gone and changed devices and fields.")
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OLD", description = "the earlier inventory (assets.json or JSON export)")
        Path before;

        @Parameters(index = "1", paramLabel = "NEW", description = "the later inventory")
        Path after;

        @Option(names = "--json", description = "print the differences as JSON (same as --format json)")
        boolean json;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json or html")
        String format;

        @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output (needed for html)")
        Path out;

        @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Linewatch inventory comparison", description = "report title (html)")
        String title;

        @Option(names = "--generated-at", paramLabel = "ISO8601", description = "generation time to print (html)")
        String generatedAt;

        @Option(names = "--exit-code", description = "exit with status " + DIFFERENT + " when the inventories differ")
        boolean exitCode;

        @Override
        public Integer call() {
            if (!List.of("text", "json", "html").contains(format)) {
                Cli.printError(System.err, "unknown format '" + format + "' (text, json or html)");
                return ExitCodes.FAILURE;
            }
            try {
                InventoryDiff.Result r = InventoryDiff.compare(InventoryFile.read(before), InventoryFile.read(after));
                if (format.equals("html")) {
                    if (out == null) {
                        Cli.printError(System.err, "--format html needs --out FILE");
                        return ExitCodes.FAILURE;
                    }
                    RunInfo newRun = runInfo(after, null);
                    Path oldDir = before.toAbsolutePath().getParent();
                    RunInfo oldRun = oldDir == null ? null : RunInfo.readDir(oldDir);
                    ExportMetadata meta = new ExportMetadata(title, generationTime(generatedAt), newRun,
                            out.getFileName().toString(), null, null);
                    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                        InventoryDiffHtml.write(r, before.toString(), oldRun, after.toString(), meta, w);
                    } catch (IOException e) {
                        Cli.printError(System.err, "cannot write " + out + ": " + e.getMessage());
                        return ExitCodes.FAILURE;
                    }
                    System.out.println("wrote the comparison to " + out);
                } else if (json || format.equals("json")) {
                    PrintWriter w = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
                    Json.writePretty(w, r.toMap());
                    w.println();
                    w.flush();
                } else {
                    System.out.print(InventoryDiff.report(r));
                }
                return exitCode && !r.isEmpty() ? DIFFERENT : ExitCodes.OK;
            } catch (InventoryFormatException | IllegalArgumentException e) {
                Cli.printError(System.err, e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign an export with Ed25519: writes FILE.sig (raw 64 bytes). The key pair is generated on "
                    + "first use in the key folder (0700, private key 0600) with the public key as PEM beside it.")
    static final class Sign implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the export to sign")
        Path file;

        @Option(names = "--key", paramLabel = "DIR", description = "key folder (default: ~/.config/linewatch/keys)")
        Path keyDir;

        @Override
        public Integer call() {
            ExportSigner signer = new ExportSigner(keyDir != null ? keyDir : ExportSigner.defaultKeyDir());
            try {
                ExportSigner.Signed s = signer.sign(file);
                if (s.keyGenerated()) {
                    System.out.println("generated a new Ed25519 key pair in " + signer.privateKeyPath().getParent());
                }
                System.out.println("signature:  " + s.signature());
                System.out.println("public key: " + s.publicKey() + " (" + s.fingerprint() + ")");
                System.out.println("check with: openssl pkeyutl -verify -pubin -inkey " + s.publicKey() + " -rawin -in "
                        + file + " -sigfile " + s.signature());
                return ExitCodes.OK;
            } catch (SigningException e) {
                Cli.printError(System.err, e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a signed export. Exit status 0 when the signature matches, " + SIGNATURE_MISMATCH
                    + " when it does not, 1 when the key or signature cannot be read.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the signed export")
        Path file;

        @Option(names = "--sig", paramLabel = "SIG", description = "signature file (default: FILE.sig)")
        Path sig;

        @Option(names = "--pubkey", paramLabel = "PEM", description = "public key (default: the key folder's)")
        Path pubkey;

        @Option(names = "--key", paramLabel = "DIR", description = "key folder (default: ~/.config/linewatch/keys)")
        Path keyDir;

        @Override
        public Integer call() {
            ExportSigner signer = new ExportSigner(keyDir != null ? keyDir : ExportSigner.defaultKeyDir());
            Path sigPath = sig != null ? sig : file.resolveSibling(file.getFileName() + ExportSigner.SIGNATURE_SUFFIX);
            try {
                ExportSigner.Verified v = signer.verify(file, sigPath, pubkey);
                if (v.valid()) {
                    System.out.println("OK: " + file + " is signed by key " + v.fingerprint());
                    return ExitCodes.OK;
                }
                System.out.println("FAILED: " + file + " does not match signature " + sigPath + " for key " + v.fingerprint()
                        + " (the file or the signature was changed, or another key signed it)");
                return SIGNATURE_MISMATCH;
            } catch (SigningException e) {
                Cli.printError(System.err, e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    /** Loads a folder of advisories; files that cannot be used are reported and skipped. */
    static AdvisoryLibrary loadAdvisories(Path dir) throws AdvisoryException {
        AdvisoryLibrary library = AdvisoryLibrary.load(dir);
        for (String error : library.errors()) {
            Cli.printError(System.err, "advisory skipped: " + error);
        }
        return library;
    }
}
