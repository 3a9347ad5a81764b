package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.inventory.AssetRole;
import io.linewatch.inventory.export.InventoryFile;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The exports as an auditor sees them: analyze real captures, export HTML (signed), open it in headless Chromium
 * (Debian's chromium and chromium-driver) and check that what the page shows equals the data: the cover, the
 * summary counts, the table rows and one device's identity. Saves a screenshot (to docs/ with
 * {@code -Dscreenshot.update=true}).
 */
class InventoryBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (scripts/install-deps installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1800", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void htmlExportShowsWhatTheInventoryHolds() throws Exception {
        Path out = dir.resolve("run");
        TestData.Result analyzed = TestData.run("analyze", "--quiet", "--sensor-name", "plant1-span3", "--out", out.toString(),
                TestData.capture("s7comm/cisa_snap7_s300_stop_upload_szl.pcap").toString(),
                TestData.capture("enip/quickdraw_cl5000eip_reboot_or_restart.pcap").toString());
        assertEquals(0, analyzed.exitCode(), analyzed.err());
        Path html = dir.resolve("inventory.html");
        Path keys = dir.resolve("keys");
        TestData.Result exported = TestData.run("inventory", "export", "--from", out.resolve("assets.json").toString(),
                "--format", "html", "--out", html.toString(), "--sign", "--key", keys.toString(),
                "--generated-at", "2024-05-02T08:00:00Z", "--title", "Plant 1 — cell 4 asset inventory");
        assertEquals(0, exported.exitCode(), exported.err());
        List<EventDoc> assets = InventoryFile.read(out.resolve("assets.json"));

        browser.get(html.toUri().toString());
        // the cover: from run.json and the signing key
        assertEquals("plant1-span3", text("cover-sensor"));
        assertEquals("2024-05-02T08:00:00Z", text("cover-generated"));
        // tshark: first frame of the EtherNet/IP capture 1224798431.839392, last of the S7 one 1454969290.479087;
        // capinfos: 972 + 64 packets
        assertEquals("2008-10-23T21:47:11.839392Z to 2016-02-08T22:08:10.479087Z (capture time of the first and last "
                + "packet; 1036 packets)", text("cover-window"));
        assertTrue(text("cover-inputs").contains("cisa_snap7_s300_stop_upload_szl.pcap"));
        assertTrue(text("cover-inputs").contains("SHA-256 "));
        assertEquals("openssl pkeyutl -verify -pubin -inkey linewatch-ed25519.pub.pem -rawin -in inventory.html "
                + "-sigfile inventory.html.sig", text("cover-verify"));
        assertTrue(text("cover-signer").contains(fingerprint(exported.out())), text("cover-signer"));

        // counts: the page's summary equals the inventory's
        assertEquals(assets.size() + " devices.", text("asset-count"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#assets tr[data-asset-id]"));
        assertEquals(assets.size(), rows.size());
        Map<String, Long> roles = new TreeMap<>();
        assets.forEach(d -> roles.merge(AssetRole.label(d.getString(Fields.ASSET_ROLE)), 1L, Long::sum));
        Map<String, Long> shown = new TreeMap<>();
        for (WebElement tr : browser.findElements(By.cssSelector("#summary-role table.counts tr"))) {
            List<WebElement> td = tr.findElements(By.tagName("td"));
            if (td.size() == 2) {
                shown.put(td.get(0).getText(), Long.parseLong(td.get(1).getText()));
            }
        }
        assertEquals(roles, shown);
        assertEquals(roles.size(), browser.findElements(By.cssSelector("#summary-role svg rect")).size(), "one bar per role");

        // one device's identity, as the inventory holds it and as tshark reads it
        EventDoc plc = assets.stream().filter(d -> String.valueOf(d.get(Fields.HOST_IP)).contains("134.217.61.211"))
                .findFirst().orElseThrow();
        WebElement row = browser.findElement(By.cssSelector("#assets tr[data-asset-id='" + plc.getString(Fields.ASSET_ID) + "']"));
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of(plc.getString(Fields.ASSET_ID), "134.217.61.211", "00:0e:8c:d0:f9:cb", "", "PLC / controller",
                "PLC_1", "Siemens", "CPU 315-2 PN/DP", "6ES7 315-2EH14-0AB0", "V3.2.7", "S C-B1U393142011",
                plc.getString(Fields.ASSET_FIRST_SEEN), plc.getString(Fields.ASSET_LAST_SEEN), ""), cells);
        // the controller behind its communication module, with the module's address and slot
        WebElement l61 = browser.findElement(By.cssSelector("#assets tr[data-asset-id='192.168.10.120/backplane/0']"));
        assertTrue(l61.getText().contains("behind 192.168.10.120, backplane slot 0"), l61.getText());
        assertTrue(l61.getText().contains("1756-L61/B"), l61.getText());
        assertTrue(text("legend").contains("device behind a communication module"));

        Path shot = Path.of("target", "inventory-export.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        if (Boolean.getBoolean("screenshot.update")) {
            Files.copy(shot, TestData.root().resolve("docs").resolve("inventory-export.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        // still verifiable, by openssl as by linewatch
        assertEquals(0, TestData.run("inventory", "verify", "--key", keys.toString(), html.toString()).exitCode());
        if (Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                    keys.resolve("linewatch-ed25519.pub.pem").toString(), "-rawin", "-in", html.toString(), "-sigfile",
                    html + ".sig").redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), said);
            assertTrue(said.contains("Signature Verified Successfully"), said);
        }
    }

    @Test
    void diffReportShowsNewGoneAndChanged() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, TestData.run("analyze", "--quiet", "--sensor-name", "plant1-span3", "--out", a.toString(),
                TestData.capture("enip/iti_cip_stop_plc_single.pcap").toString()).exitCode());
        assertEquals(0, TestData.run("analyze", "--quiet", "--sensor-name", "plant1-span3", "--out", b.toString(),
                TestData.capture("enip/iti_cip_start_plc_single.pcap").toString(),
                TestData.capture("enip/iti_enip_listidentity_1756-ENBT.pcap").toString()).exitCode());
        Path html = dir.resolve("diff.html");
        TestData.Result r = TestData.run("inventory", "diff", "--format", "html", "--out", html.toString(),
                a.resolve("assets.json").toString(), b.resolve("assets.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        browser.get(html.toUri().toString());
        assertEquals("2 new, 0 gone, 0 changed.", text("diff-counts"));
        assertEquals(2, browser.findElements(By.cssSelector("#added-removed tr.added")).size());
        assertEquals("plant1-span3", text("cover-sensor"));
    }

    private static String fingerprint(String stdout) {
        int open = stdout.indexOf("public key: ");
        String line = stdout.substring(open, stdout.indexOf('\n', open));
        return line.substring(line.lastIndexOf('(') + 1, line.lastIndexOf(')'));
    }
}
