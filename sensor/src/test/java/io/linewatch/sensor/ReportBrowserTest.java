package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.print.PrintOptions;

/**
 * The HTML report in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * scripts/install-deps): what the page shows equals the JSON report of the same directory, every evidence link
 * lands on its row, the Content-Security-Policy lets the page's own style through, and the page prints to PDF.
 * Leaves a screenshot in target/report-screenshot.png (docs/img/report.png is one of them).
 */
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void whatTheBrowserShowsIsTheData() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (scripts/install-deps installs them)");
        Path out = ReportCommandTest.plant(dir);
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");
        Path keys = dir.resolve("keys");
        assertEquals(0, Main.run("report", "--from", out.toString(), "--out", html.toString(), "--key", keys.toString()));
        assertEquals(0, Main.run("report", "--from", out.toString(), "--out", json.toString(), "--format", "json", "--no-sign"));
        Map<String, Object> data = (Map<String, Object>) Json.read(Files.readString(json));
        List<Map<String, Object>> findings = (List<Map<String, Object>>) data.get("findings");
        assertEquals(3, findings.size());

        // Selenium warns that it has no DevTools binding for this Chromium; WebDriver alone is used
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1800",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(html.toUri().toString());

            // the findings on the page are the findings of the data, in the same order, with the same evidence
            List<WebElement> cards = driver.findElements(By.cssSelector("article.finding"));
            assertEquals(findings.size(), cards.size());
            List<String> shown = cards.stream().map(c -> c.getAttribute("id")).sorted().toList();
            List<String> expected = findings.stream().map(f -> String.valueOf(f.get("id"))).sorted().toList();
            assertEquals(expected, shown);
            for (Map<String, Object> f : findings) {
                WebElement card = driver.findElement(By.id(String.valueOf(f.get("id"))));
                assertTrue(card.getText().contains(String.valueOf(f.get("title"))), card.getText());
                assertEquals(((List<?>) f.get("evidence")).size(), card.findElements(By.cssSelector(".evidence a")).size());
            }
            List<WebElement> top = driver.findElements(By.cssSelector("li.top-finding"));
            assertEquals(((List<?>) data.get("top")).size(), top.size());
            String summary = driver.findElement(By.id("summary")).getText();
            assertTrue(summary.contains("CONTROLLERS IDENTIFIED\n50 %") || summary.contains("controllers identified\n50 %"), summary);

            // the page's style applied: the CSP hash matches the style element
            WebElement badge = driver.findElement(By.cssSelector("article.finding .badge.sev-high"));
            assertEquals("rgba(194, 65, 12, 1)", badge.getCssValue("background-color"));

            // a device listed as evidence: the unidentified controller's identity row
            Map<String, Object> unidentified = findings.stream().filter(f -> "FR-ID-1".equals(f.get("code"))).findFirst().orElseThrow();
            WebElement card = driver.findElement(By.id(String.valueOf(unidentified.get("id"))));
            WebElement link = card.findElement(By.partialLinkText("identity of " + PlantCaptures.LEGACY_PLC));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", link);
            link.click();
            String ref = link.getAttribute("href").substring(link.getAttribute("href").indexOf('#') + 1);
            WebElement row = driver.findElement(By.id(ref));
            assertTrue(row.getText().contains(PlantCaptures.LEGACY_PLC), row.getText());
            assertTrue(row.getText().contains("none"), "its identity column says none: " + row.getText());

            // every evidence link of every finding lands on an existing, visible row, highlighted as the target
            List<String> refs = new ArrayList<>();
            for (WebElement a : driver.findElements(By.cssSelector("article.finding .evidence a"))) {
                refs.add(a.getAttribute("href").substring(a.getAttribute("href").indexOf('#') + 1));
            }
            assertFalse(refs.isEmpty());
            for (String r : refs) {
                WebElement a = driver.findElement(By.cssSelector(".evidence a[href='#" + r + "']"));
                driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", a);
                a.click();
                assertTrue(driver.getCurrentUrl().endsWith("#" + r), driver.getCurrentUrl());
                WebElement target = driver.findElement(By.id(r));
                assertTrue(target.isDisplayed(), r);
                assertEquals("rgba(255, 240, 179, 1)", target.getCssValue("background-color"), r + " is highlighted as the target");
                // in view and not under the sticky navigation bar
                Object inView = driver.executeScript("const b = arguments[0].getBoundingClientRect();"
                        + "const nav = document.querySelector('nav').getBoundingClientRect();"
                        + "return b.top >= nav.bottom - 1 && b.top < window.innerHeight;", target);
                assertEquals(Boolean.TRUE, inView, r + " scrolled into view below the navigation bar");
            }

            driver.get(html.toUri().toString());
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path shot = Path.of("target", "report-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, png);
            assertTrue(png.length > 10_000);

            // printable: Chromium's own print to PDF, more than one page (the summary stands on its own)
            byte[] pdf = Base64.getDecoder().decode(driver.print(new PrintOptions()).getContent());
            assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
            assertTrue(pages(pdf) >= 2, "pages: " + pages(pdf));
        } finally {
            driver.quit();
        }
    }

    /** Page objects in a PDF (Chromium writes them uncompressed: "/Type /Page"). */
    private static int pages(byte[] pdf) {
        Matcher m = Pattern.compile("/Type\\s*/Page(?!s)").matcher(new String(pdf, StandardCharsets.ISO_8859_1));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
