package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code linewatch inventory ...} end to end: analyze a capture, export, sign, verify, tamper, diff. */
class InventoryCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        stdout.reset();
        stderr.reset();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path testdata(String relative) {
        return TestData.root().resolve("testdata").resolve(relative);
    }

    @Test
    void analyzeExportSignVerifyTamperDiff() throws Exception {
        Path outA = dir.resolve("a");
        assertEquals(0, run("analyze", "--quiet", "--advisories", testdata("advisories").toString(), "--out", outA.toString(),
                testdata("pcaps/s7comm/cisa_snap7_s300_stop_upload_szl.pcap").toString()));
        Path assets = outA.resolve("assets.json");
        for (String format : new String[] {"csv", "json", "html"}) {
            Path f = dir.resolve("inventory." + format);
            assertEquals(0, run("inventory", "export", "--from", assets.toString(), "--format", format, "--out", f.toString()), stderr.toString());
            assertTrue(Files.size(f) > 0);
        }
        assertTrue(Files.readString(dir.resolve("inventory.csv")).contains("134.217.61.211"));

        Path keys = dir.resolve("keys");
        Path html = dir.resolve("inventory.html");
        assertEquals(0, run("inventory", "sign", "--key", keys.toString(), html.toString()), stderr.toString());
        assertTrue(stdout.toString().contains("openssl pkeyutl -verify -pubin -inkey"), stdout.toString());
        assertEquals(0, run("inventory", "verify", "--key", keys.toString(), html.toString()), stdout.toString());
        assertTrue(stdout.toString().startsWith("OK: "));

        byte[] b = Files.readAllBytes(html);
        b[b.length / 2] ^= 0x20; // one byte edited
        Files.write(html, b);
        assertEquals(InventoryCommand.SIGNATURE_MISMATCH, run("inventory", "verify", "--key", keys.toString(), html.toString()));
        assertTrue(stdout.toString().startsWith("FAILED: "), stdout.toString());

        assertEquals(1, run("inventory", "verify", "--key", dir.resolve("nokeys").toString(), html.toString()));
        assertTrue(stderr.toString().contains("no public key"), stderr.toString());

        // diff against an inventory of another capture: everything new and gone
        Path outB = dir.resolve("b");
        assertEquals(0, run("analyze", "--quiet", "--out", outB.toString(),
                testdata("pcaps/enip/iti_enip_listidentity_1756-ENBT.pcap").toString()));
        assertEquals(InventoryCommand.DIFFERENT, run("inventory", "diff", "--exit-code", assets.toString(), outB.resolve("assets.json").toString()));
        assertTrue(stdout.toString().startsWith("2 new, 2 gone, 0 changed"), stdout.toString());
        assertEquals(0, run("inventory", "diff", "--exit-code", assets.toString(), assets.toString()));
    }

    @Test
    void badInputGetsAClearError() throws Exception {
        Path notInventory = dir.resolve("x.json");
        Files.writeString(notInventory, "{\"not\": \"a list\"}");
        assertEquals(1, run("inventory", "export", "--from", notInventory.toString(), "--format", "csv", "--out", dir.resolve("o.csv").toString()));
        assertTrue(stderr.toString().contains("x.json: expected a JSON list"), stderr.toString());
        assertEquals(1, run("inventory", "export", "--from", notInventory.toString(), "--format", "pdf", "--out", dir.resolve("o.pdf").toString()));
        assertTrue(stderr.toString().contains("unknown format 'pdf'"), stderr.toString());

        Path advisories = dir.resolve("adv");
        Files.createDirectories(advisories);
        Files.writeString(advisories.resolve("broken.json"), "{");
        Path out = dir.resolve("out");
        assertEquals(0, run("analyze", "--quiet", "--advisories", advisories.toString(), "--out", out.toString(),
                testdata("pcaps/enip/iti_cip_stop_plc_single.pcap").toString()));
        assertTrue(stderr.toString().contains("advisory skipped: ") && stderr.toString().contains("broken.json"), stderr.toString());
        assertEquals(1, run("analyze", "--quiet", "--advisories", dir.resolve("missing").toString(), "--out", out.toString(),
                testdata("pcaps/enip/iti_cip_stop_plc_single.pcap").toString()));
        assertTrue(stderr.toString().contains("not a folder of CSAF advisories"), stderr.toString());
    }
}
