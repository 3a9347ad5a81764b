package io.linewatch.sensor;

import io.linewatch.inventory.advisories.AdvisoryException;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.inventory.report.FoundationReport;
import io.linewatch.inventory.report.ReportException;
import io.linewatch.inventory.report.ReportOptions;
import io.linewatch.inventory.report.Zones;
import io.linewatch.inventory.signing.ExportSigner;
import io.linewatch.inventory.signing.SigningException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code linewatch report}: the foundation report of an output directory, signed. Arguments and printing only. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The foundation report of an output directory: segments, who can change the process, identity, "
                + "exposure, data path, per-segment comparison and what changed since the last report; each finding with "
                + "its evidence and a recommendation. Self-contained HTML (printable to PDF) or JSON, signed with Ed25519 "
                + "like the inventory exports."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "output directory of analyze or capture")
    Path from;

    @Option(names = "--previous", paramLabel = "OLDDIR", description = "an earlier output directory to compare against")
    Path previous;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "file to write (report.html, report.json)")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "html", description = "html (default) or json")
    String format;

    @Option(names = "--zones", paramLabel = "FILE", description = "YAML zones: name, cidrs, vlans, Purdue level (default: segments inferred)")
    Path zones;

    @Option(names = "--advisories", paramLabel = "DIR", description = "folder of CSAF 2.0 advisories to match against the assets")
    Path advisories;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = ReportOptions.DEFAULT_TITLE, description = "report title")
    String title;

    @Option(names = "--key", paramLabel = "DIR", description = "signing key folder (default: ~/.config/linewatch/keys)")
    Path keyDir;

    @Option(names = "--no-sign", description = "do not sign the report")
    boolean noSign;

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("html") && !fmt.equals("json")) {
            Cli.printError(System.err, "unknown format '" + format + "' (html or json)");
            return ExitCodes.FAILURE;
        }
        try {
            ReportOptions options = ReportOptions.defaults().withTitle(title).withPrevious(previous);
            if (zones != null) {
                options = options.withZones(loadZones(zones));
            }
            if (advisories != null) {
                AdvisoryLibrary library = InventoryCommand.loadAdvisories(advisories);
                options = options.withAdvisories(library);
            }
            ExportSigner signer = new ExportSigner(keyDir != null ? keyDir : ExportSigner.defaultKeyDir());
            String name = out.getFileName().toString();
            if (!noSign) {
                String fingerprint = signer.ensureKeyPair();
                options = options.withSignedBy("Signed with Ed25519 key " + fingerprint + " (" + name
                        + ExportSigner.SIGNATURE_SUFFIX + "). Check: openssl pkeyutl -verify -pubin -inkey "
                        + ExportSigner.PUBLIC_KEY_FILE + " -rawin -in " + name + " -sigfile " + name + ExportSigner.SIGNATURE_SUFFIX);
            }
            FoundationReport report = FoundationReport.build(from, options);
            write(fmt.equals("html") ? report.toHtml() : report.toJson());
            System.out.println("wrote " + out + ": " + report.findings().size() + " findings, "
                    + report.overview().get("devices") + " devices in " + report.overview().get("segments") + " segments");
            int rank = 1;
            for (FoundationReport.Finding f : report.top()) {
                System.out.println("  " + rank++ + ". [" + f.severityLabel() + "] " + f.title() + " (" + f.kind().code + ")");
            }
            if (!noSign) {
                ExportSigner.Signed s = signer.sign(out);
                System.out.println("signature:  " + s.signature());
                System.out.println("public key: " + s.publicKey() + " (" + s.fingerprint() + ")");
                System.out.println("check with: openssl pkeyutl -verify -pubin -inkey " + s.publicKey() + " -rawin -in "
                        + out + " -sigfile " + s.signature());
            }
            return ExitCodes.OK;
        } catch (ReportException | SigningException | AdvisoryException e) {
            Cli.printError(System.err, e.getMessage());
        } catch (IOException e) {
            Cli.printError(System.err, "cannot write " + out + ": " + e.getMessage());
        }
        return ExitCodes.FAILURE;
    }

    /** Written beside the target and moved into place: a reader never sees half a report. */
    private void write(String text) throws IOException {
        Path target = out.toAbsolutePath();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The zones file (YAML); the tree is checked by {@link Zones#fromTree}. */
    static Zones loadZones(Path file) throws ReportException {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // safe by construction: the engine builds only maps, lists and scalars
            root = new Load(LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false).build())
                    .loadFromReader(r);
        } catch (IOException e) {
            throw new ReportException("cannot read zones file " + file + ": " + e.getMessage());
        } catch (YamlEngineException e) {
            throw new ReportException("zones file " + file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        return Zones.fromTree(root, file.toString());
    }
}
