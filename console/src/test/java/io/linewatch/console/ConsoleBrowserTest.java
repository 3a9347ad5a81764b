package io.linewatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's pages in headless Chromium (Debian's chromium and chromium-driver) against a real console serving a
 * directory analysed from a test capture: what each page shows equals the data (assets.json, alerts.ndjson,
 * events.ndjson), one action (mute) goes end to end into the audit log, a new alert arrives live, and the network
 * map of 2,000 synthetic devices is drawn in bounded time. Screenshots go to target/screenshots (the README's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path tmp;
    static ConsoleFixture console;
    static ChromeDriver driver;
    static Path screenshots;
    static List<Map<String, Object>> assets;
    static List<Map<String, Object>> alerts;
    static List<Map<String, Object>> events;

    @BeforeAll
    static void start() throws Exception {
        Path data = ConsoleFixture.analyze(ConsoleFixture.CAPTURE, tmp.resolve("data"));
        console = new ConsoleFixture(data, tmp.resolve("state"), tmp.resolve("keys"));
        assets = ConsoleFixture.assets(data);
        alerts = ConsoleFixture.ndjson(data.resolve("alerts.ndjson"));
        events = ConsoleFixture.ndjson(data.resolve("events.ndjson"));
        screenshots = Path.of(System.getProperty("linewatch.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium")));
        options.setAcceptInsecureCerts(true); // the console's self-signed certificate
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (plant != null) {
            plant.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheTokenOnlyTheLoginFormIsShown() {
        driver.get(console.url("/"));
        assertTrue(driver.findElements(By.id("view")).isEmpty());
        assertEquals("Linewatch console: log in", driver.getTitle());
        driver.findElement(By.id("token")).sendKeys("wrong token");
        driver.findElement(By.id("login")).click();
        WebElement problem = new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector(".problem")).stream().findFirst().orElse(null));
        assertTrue(problem.getText().contains("not valid"), problem.getText());
        shot("login");
    }

    @Test
    @Order(2)
    void overviewCountsEqualTheData() {
        login(console.writeToken);
        open("#/overview", "overview");
        assertEquals(String.valueOf(assets.size()), card("card-assets"));
        assertEquals(String.valueOf(alerts.size()), card("card-alerts"));
        long transactions = events.stream().filter(e -> "event".equals(Docs.str(e, "event.kind"))
                && !"linewatch.flow".equals(Docs.str(e, "event.dataset")) && !Traffic.OBSERVATION_DATASET.equals(Docs.str(e, "event.dataset"))
                && !"malformed".equals(Docs.str(e, "ot.seen"))).count();
        assertEquals(String.format("%,d", transactions), card("card-transactions"));
        long flows = events.stream().filter(e -> "linewatch.flow".equals(Docs.str(e, "event.dataset"))).count();
        assertEquals(String.valueOf(flows), card("card-flows"));
        long engineering = events.stream().filter(e -> "event".equals(Docs.str(e, "event.kind"))
                && Docs.str(e, "ot.operation") != null && Traffic.ENGINEERING.contains(Docs.str(e, "ot.operation"))).count();
        assertEquals(String.valueOf(engineering), card("card-engineering"));
        assertTrue(engineering > 0, "the capture stops and uploads: engineering actions");
        assertEquals(1, driver.findElements(By.cssSelector("#chart-protocols rect")).isEmpty() ? 0 : 1);
        shot("overview");
    }

    @Test
    @Order(3)
    void alertsPageShowsEveryAlert() {
        open("#/alerts", "alerts");
        assertEquals(alerts.size() + " of " + alerts.size() + " alerts", text("alert-count"));
        Set<String> shown = new TreeSet<>();
        for (WebElement td : driver.findElements(By.cssSelector("#alerts-table td[data-key=message]"))) {
            shown.add(td.getText());
        }
        Set<String> expected = new TreeSet<>();
        alerts.forEach(a -> expected.add(Docs.str(a, "message")));
        assertEquals(expected, shown);
        assertEquals(alerts.size(), driver.findElements(By.cssSelector("#alerts-table tbody tr")).size());
        // the severity filter
        String rule = Docs.str(alerts.get(0), "rule.id");
        long ofRule = alerts.stream().filter(a -> rule.equals(Docs.str(a, "rule.id"))).count();
        open("#/alerts?rule=" + rule, "alerts");
        assertEquals(ofRule, driver.findElements(By.cssSelector("#alerts-table tbody tr")).size());
        open("#/alerts", "alerts");
        shot("alerts");
    }

    @Test
    @Order(4)
    void assetsTableAndAssetPageShowTheIdentity() {
        open("#/assets", "assets");
        assertEquals(assets.size(), driver.findElements(By.cssSelector("#assets-table tbody tr")).size());
        Map<String, Object> plc = assets.stream().filter(a -> Docs.str(a, "device.firmware.version") != null).findFirst()
                .orElseThrow();
        String vendor = Docs.str(plc, "device.manufacturer");
        driver.findElement(By.id("asset-filter")).sendKeys(vendor);
        long withVendor = assets.stream().filter(a -> Json.writeValue(Api.row(a)).toLowerCase().contains(vendor.toLowerCase())).count();
        assertEquals(withVendor, driver.findElements(By.cssSelector("#assets-table tbody tr")).size());
        driver.findElement(By.id("asset-filter")).clear();
        shot("assets");
        open("#/asset/" + Docs.str(plc, "asset.id"), "asset");
        assertTrue(driver.findElements(By.cssSelector(".problem")).isEmpty(), () -> driver.findElement(By.id("view")).getText());
        assertEquals(Docs.str(plc, "device.firmware.version"), field("firmware"));
        assertEquals(Docs.str(plc, "device.model.name"), field("model"));
        assertEquals(Docs.str(plc, "device.serial_number"), field("serial"));
        assertEquals(Docs.str(plc, "asset.role"), field("role"));
        assertEquals(String.join(", ", Docs.strings(plc, "host.ip")), field("ip"));
        assertEquals(Docs.maps(plc, "asset.peers").size(), driver.findElements(By.cssSelector("#peers tbody tr")).size());
        shot("asset");
    }

    @Test
    @Order(5)
    void mapShowsEveryAssetAndEdge() throws Exception {
        open("#/map", "map");
        Map<String, Object> stats = mapStats();
        Map<String, Object> api = console.json("/api/map");
        assertEquals((long) ((List<?>) api.get("nodes")).size(), stats.get("nodes"));
        JavascriptExecutor js = driver;
        for (Map<String, Object> a : assets) {
            Object found = js.executeScript("return window.lwMap.getElementById(arguments[0]).length", Docs.str(a, "asset.id"));
            assertEquals(1L, found, "asset " + Docs.str(a, "asset.id") + " on the map");
        }
        Object engineeringEdges = js.executeScript("return window.lwMap.edges('.engineering').length");
        assertTrue((Long) engineeringEdges > 0, "the engineering workstation's edge is highlighted");
        shot("map");
    }

    @Test
    @Order(6)
    void windowsPageSaysWhenThereAreNone() {
        open("#/windows", "windows");
        assertTrue(driver.findElement(By.id("no-windows")).getText().contains("linewatch.maintenance"));
    }

    @Test
    @Order(7)
    void muteGoesEndToEndIntoTheAuditLog() throws Exception {
        open("#/alerts", "alerts");
        WebElement firstRow = driver.findElement(By.cssSelector("#alerts-table tbody tr"));
        String rule = firstRow.findElement(By.cssSelector("td[data-key=rule]")).getText().split(" ")[0];
        firstRow.findElement(By.cssSelector("button.mute")).click();
        driver.findElement(By.id("dialog-reason")).sendKeys("expected during commissioning");
        driver.findElement(By.id("dialog-confirm")).click();
        long ofRule = alerts.stream().filter(a -> rule.equals(Docs.str(a, "rule.id"))).count();
        String expected = (alerts.size() - ofRule) + " of " + alerts.size() + " alerts";
        waitForText("alert-count", expected, 10);
        List<String> audit = Files.readAllLines(console.state.resolve("audit.ndjson"), StandardCharsets.UTF_8);
        assertEquals(1, audit.size(), String.join("\n", audit));
        @SuppressWarnings("unchecked")
        Map<String, Object> line = (Map<String, Object>) Json.read(audit.get(0));
        assertEquals("mute", line.get("action"));
        assertEquals(rule, Docs.str(line, "details.rule"));
        assertEquals("expected during commissioning", Docs.str(line, "details.reason"));
        assertEquals("session:write", line.get("who"));
        open("#/alerts?muted=only", "alerts");
        assertEquals(ofRule, driver.findElements(By.cssSelector("#alerts-table tbody tr.muted")).size());
        shot("alerts-muted");
    }

    @Test
    @Order(8)
    void aNewAlertArrivesLive() throws Exception {
        open("#/alerts?muted=include", "alerts");
        Map<String, Object> copy = new LinkedHashMap<>(alerts.get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> event = new LinkedHashMap<>((Map<String, Object>) copy.get("event"));
        event.put("id", "live-test-alert");
        copy.put("event", event);
        copy.put("message", "a live alert appended to the journal");
        Files.writeString(console.data.resolve("alerts.ndjson"), Json.writeValue(copy) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        String expected = (alerts.size() + 1) + " of " + (alerts.size() + 1) + " alerts";
        waitForText("alert-count", expected, 15);
    }

    /** 2,000 devices in 45 subnets (some over the collapse threshold): fetched, built, laid out and drawn in time. */
    @Test
    @Order(9)
    void aMapOfTwoThousandDevicesStaysUsable() throws Exception {
        Path big = SyntheticPlant.write(tmp.resolve("big"), 2000);
        try (ConsoleFixture large = new ConsoleFixture(big, tmp.resolve("big-state"), tmp.resolve("keys"))) {
            driver.get(large.url("/"));
            driver.findElement(By.id("token")).sendKeys(large.readToken);
            driver.findElement(By.id("login")).click();
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "overview".equals(
                    d.findElement(By.id("view")).getDomAttribute("data-ready")));
            open("#/map", "map");
            Map<String, Object> whole = mapStats();
            System.out.println("map of 2,000 devices: " + whole);
            assertEquals(2000L, whole.get("nodes"));
            // measured 4.6-11 s on a shared 2-core machine (docs/CONSOLE.md); the bound only catches a collapse
            assertTrue(((Number) whole.get("totalMs")).doubleValue() < 30_000, "drawn in under 30 s: " + whole);
            shot("map-2000");
            JavascriptExecutor js = driver;
            Object collapsed = js.executeScript("return window.lwMap.nodes('.collapsed').length");
            assertTrue((Long) collapsed > 0, "large groups collapsed");
            // a 2-hop view around one PLC
            js.executeScript("window.lwMapStats = null; location.hash = '#/map?focus=' + encodeURIComponent(arguments[0]) + '&hops=2'",
                    SyntheticPlant.mac(0, 0));
            Map<String, Object> around = mapStats();
            System.out.println("2-hop view: " + around);
            Map<String, Object> api = large.json("/api/map?focus=" + SyntheticPlant.mac(0, 0) + "&hops=2");
            assertEquals((long) ((List<?>) api.get("nodes")).size(), around.get("nodes"));
            assertTrue((Long) around.get("nodes") < 2000);
            shot("map-2000-hops");
            // the physical layer at its largest: every device hangs off a port of its subnet's switch
            js.executeScript("window.lwMapStats = null; location.hash = '#/map?physical=1'");
            Map<String, Object> physical = mapStats();
            System.out.println("map of 2,000 devices with the physical layer: " + physical);
            assertEquals(2000L - SyntheticPlant.SUBNETS, physical.get("links"));
            assertTrue((Long) js.executeScript("return window.lwMap.nodes('.port').length") > 1000,
                    "the ports of the expanded subnets drawn");
            assertTrue(((Number) physical.get("totalMs")).doubleValue() < 30_000, "drawn in under 30 s: " + physical);
            shot("map-2000-physical");
        }
    }

    // ---- a plant analysed with a baseline and maintenance windows (LearnedPlant) ----

    static ConsoleFixture plant;

    @SuppressWarnings("unchecked")
    static Map<String, Object> savedBaseline() throws Exception {
        return (Map<String, Object>) Json.read(Files.readString(plant.data.resolve("baseline.json")));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> table(Map<String, Object> baseline, String name) {
        return (List<Map<String, Object>>) baseline.get(name);
    }

    @Test
    @Order(10)
    void assetPageShowsTheLearnedBaselineAndTheVariablesRanges() throws Exception {
        Path data = LearnedPlant.analyze(tmp.resolve("plant"));
        plant = new ConsoleFixture(data, tmp.resolve("plant-state"), tmp.resolve("keys"));
        driver.get(plant.url("/"));
        driver.findElement(By.id("token")).sendKeys(plant.writeToken);
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "overview".equals(
                d.findElement(By.id("view")).getDomAttribute("data-ready")));
        Map<String, Object> plc = ConsoleFixture.assets(data).stream()
                .filter(a -> Docs.strings(a, "host.ip").contains(LearnedPlant.PLC)).findFirst().orElseThrow();
        open("#/asset/" + Docs.str(plc, "asset.id"), "asset");
        Map<String, Object> baseline = savedBaseline();
        List<Map<String, Object>> variables = table(baseline, "variables").stream()
                .filter(v -> LearnedPlant.PLC.equals(v.get("server"))).toList();
        List<WebElement> rows = driver.findElements(By.cssSelector("#baseline-variables tbody tr"));
        assertEquals(variables.size(), rows.size());
        for (int i = 0; i < variables.size(); i++) {
            Map<String, Object> v = variables.get(i);
            WebElement row = rows.get(i);
            assertEquals(String.valueOf(v.get("address")), row.findElement(By.cssSelector("td[data-key=address]")).getText());
            assertEquals(String.format("%,d", ((Number) v.get("min")).longValue()), row.findElement(By.cssSelector("td[data-key=min]")).getText());
            assertEquals(String.format("%,d", ((Number) v.get("max")).longValue()), row.findElement(By.cssSelector("td[data-key=max]")).getText());
            assertEquals(v.get("kind"), row.findElement(By.cssSelector("td[data-key=kind]")).getText());
        }
        // the polled register: continuous between the values the capture holds
        WebElement polled = rows.get(0);
        assertEquals("100", polled.findElement(By.cssSelector("td[data-key=address]")).getText());
        assertEquals("500", polled.findElement(By.cssSelector("td[data-key=min]")).getText());
        assertEquals("520", polled.findElement(By.cssSelector("td[data-key=max]")).getText());
        assertEquals(table(baseline, "channels").size(), driver.findElements(By.cssSelector("#baseline-functions tbody tr")).size());
        assertEquals("read_holding_registers", driver.findElement(By.cssSelector("#baseline-functions td[data-key=action]")).getText());
        assertEquals("1 s", driver.findElement(By.cssSelector("#baseline-rhythms td[data-key=period]")).getText());
        assertEquals("100-101", driver.findElement(By.cssSelector("#baseline-objects td[data-key=ranges]")).getText());
        ((JavascriptExecutor) driver).executeScript("document.getElementById('baseline-functions').scrollIntoView()");
        shot("asset-baseline");
    }

    /** Learn (approve) an alert's departure, then mark it as an incident, which unlearns it: both in the saved baseline and both audit logs. */
    @Test
    @Order(11)
    @SuppressWarnings("unchecked")
    void learnAndUnlearnGoEndToEndIntoTheBaselineAndTheAuditLogs() throws Exception {
        String talker = "talker:" + LearnedPlant.LAPTOP + ">" + LearnedPlant.PLC;
        assertTrue(table(savedBaseline(), "talkers").stream().noneMatch(t -> LearnedPlant.LAPTOP.equals(t.get("client"))));
        open("#/alerts", "alerts");
        WebElement row = alertRow("LW-BAS-003", LearnedPlant.LAPTOP);
        assertTrue(row.findElements(By.cssSelector("button.learn")).size() == 1, "the departure can be learned");
        // an alert that is not about a departure cannot: no such alert here, but the API says so for an unknown one
        row.findElement(By.cssSelector("button.learn")).click();
        driver.findElement(By.id("dialog-reason")).sendKeys("the new service laptop");
        driver.findElement(By.id("dialog-confirm")).click();
        waitForText("action-result", t -> t.startsWith("approved into the baseline: " + talker), 15);
        Map<String, Object> learned = table(savedBaseline(), "talkers").stream()
                .filter(t -> LearnedPlant.LAPTOP.equals(t.get("client")) && LearnedPlant.PLC.equals(t.get("server")))
                .findFirst().orElseThrow(() -> new AssertionError("the talker is in baseline.json"));
        assertEquals(Boolean.TRUE, learned.get("approved"));
        List<String> audit = Files.readAllLines(plant.state.resolve("audit.ndjson"), StandardCharsets.UTF_8);
        Map<String, Object> approve = (Map<String, Object>) Json.read(audit.get(audit.size() - 1));
        assertEquals("approve", approve.get("action"));
        assertEquals(talker, Docs.str(approve, "details.key"));
        assertEquals("the new service laptop", Docs.str(approve, "details.reason"));
        assertEquals("session:write", approve.get("who"));
        List<String> baselineAudit = Files.readAllLines(plant.data.resolve("baseline-audit.ndjson"), StandardCharsets.UTF_8);
        Map<String, Object> reviewed = (Map<String, Object>) Json.read(baselineAudit.get(baselineAudit.size() - 1));
        assertEquals("approve", reviewed.get("action"));
        assertEquals(talker, reviewed.get("key"));
        assertEquals("console session:write", reviewed.get("who"));
        shot("alerts-learned");

        // it was an incident after all: mark it, and unlearn what it taught the baseline
        row = alertRow("LW-BAS-003", LearnedPlant.LAPTOP);
        row.findElement(By.cssSelector("button.incident")).click();
        assertTrue(driver.findElement(By.id("dialog-unlearn")).isSelected(), "unlearn is offered, ticked");
        driver.findElement(By.id("dialog-note")).sendKeys("not our laptop");
        driver.findElement(By.id("dialog-confirm")).click();
        waitForText("action-result", t -> t.startsWith("marked as an incident; unlearned " + talker), 15);
        assertTrue(table(savedBaseline(), "talkers").stream().noneMatch(t -> LearnedPlant.LAPTOP.equals(t.get("client"))),
                "the talker is gone from baseline.json");
        audit = Files.readAllLines(plant.state.resolve("audit.ndjson"), StandardCharsets.UTF_8);
        Map<String, Object> incident = (Map<String, Object>) Json.read(audit.get(audit.size() - 1));
        assertEquals("incident", incident.get("action"));
        assertEquals(talker, Docs.str(incident, "details.unlearn"));
        baselineAudit = Files.readAllLines(plant.data.resolve("baseline-audit.ndjson"), StandardCharsets.UTF_8);
        reviewed = (Map<String, Object>) Json.read(baselineAudit.get(baselineAudit.size() - 1));
        assertEquals("unlearn", reviewed.get("action"));
        assertEquals(talker, reviewed.get("key"));
        assertTrue(String.valueOf(reviewed.get("reason")).endsWith("marked as an incident: not our laptop"), reviewed.toString());
        assertTrue(alertRow("LW-BAS-003", LearnedPlant.LAPTOP).getText().contains("incident"));
        shot("alerts-incident-unlearned");
    }

    @Test
    @Order(12)
    @SuppressWarnings("unchecked")
    void reportPageShowsTheFoundationReport() throws Exception {
        open("#/report", "report");
        assertTrue(driver.findElements(By.cssSelector(".problem")).isEmpty(), () -> driver.findElement(By.id("view")).getText());
        Map<String, Object> report = io.linewatch.inventory.report.FoundationReport.build(plant.data).toMap();
        assertEquals(Json.writeValue(report), Json.writeValue(plant.json("/api/report")), "/api/report is linewatch report --format json");
        assertEquals(report.get("title"), driver.findElement(By.cssSelector("#report h1")).getText().split(" Download")[0]);
        List<String> titles = new java.util.ArrayList<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) report.get("findings")) {
            titles.add((String) f.get("title"));
        }
        List<String> shown = driver.findElements(By.cssSelector(".finding .finding-title")).stream().map(WebElement::getText).toList();
        assertEquals(new TreeSet<>(titles), new TreeSet<>(shown));
        assertEquals(((List<?>) report.get("top")).size(), driver.findElements(By.cssSelector("#report-top li")).size());
        for (Map<String, Object> section : (List<Map<String, Object>>) report.get("sections")) {
            for (Map<String, Object> t : (List<Map<String, Object>>) section.get("tables")) {
                int rows = ((List<?>) t.get("rows")).size();
                if (rows > 0) {
                    assertEquals(rows, driver.findElements(By.cssSelector("#" + t.get("id") + " tbody tr")).size(), "table " + t.get("id"));
                }
            }
        }
        Map<String, Object> overview = (Map<String, Object>) report.get("overview");
        assertEquals(String.valueOf(overview.get("devices")), card("report-devices"));
        shot("report");
        var download = plant.get("/api/report.html", plant.readToken);
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("X-Linewatch-Signature").isPresent());
        assertEquals(io.linewatch.inventory.report.FoundationReport.build(plant.data).toHtml(), download.body());
    }

    @Test
    @Order(13)
    @SuppressWarnings("unchecked")
    void windowsPageShowsBriefingsAndWhatChanged() throws Exception {
        open("#/windows", "windows");
        assertTrue(driver.findElements(By.cssSelector(".problem")).isEmpty(), () -> driver.findElement(By.id("view")).getText());
        assertTrue(!driver.findElements(By.cssSelector("#windows-upcoming section.window")).isEmpty(),
                () -> driver.findElement(By.id("view")).getText());
        WebElement upcoming = driver.findElement(By.cssSelector("#windows-upcoming section.window"));
        assertEquals(LearnedPlant.NEXT_WINDOW, upcoming.getDomAttribute("data-name"));
        assertTrue(upcoming.getText().contains(LearnedPlant.PLC), upcoming.getText());
        WebElement past = driver.findElement(By.cssSelector("#windows-past section.window"));
        assertEquals(LearnedPlant.PAST_WINDOW, past.getDomAttribute("data-name"));
        List<Map<String, Object>> docs = ConsoleFixture.ndjson(plant.data.resolve("events.ndjson"));
        Map<String, Object> summary = docs.stream().filter(d -> "window_summary".equals(Docs.str(d, "event.action"))).findFirst().orElseThrow();
        List<Map<String, Object>> changes = Docs.maps(summary, "linewatch.maintenance.changes");
        String id = Docs.str(summary, "linewatch.maintenance.window_id");
        assertEquals(changes.size(), driver.findElements(By.cssSelector("#changes-" + id + " tbody tr")).size());
        long start = Docs.millis(Docs.get(summary, "event.start"));
        long end = Docs.millis(Docs.get(summary, "event.end"));
        long alertsInside = ConsoleFixture.ndjson(plant.data.resolve("alerts.ndjson")).stream()
                .filter(a -> Docs.millis(Docs.get(a, "@timestamp")) >= start && Docs.millis(Docs.get(a, "@timestamp")) <= end).count();
        assertTrue(alertsInside > 0);
        assertEquals(alertsInside, driver.findElements(By.cssSelector("#window-alerts-" + id + " tbody tr")).size());
        Set<String> observationsInside = new TreeSet<>();
        docs.stream().filter(d -> "linewatch.observation".equals(Docs.str(d, "event.dataset")))
                .filter(d -> Docs.millis(Docs.get(d, "@timestamp")) >= start && Docs.millis(Docs.get(d, "@timestamp")) <= end)
                .forEach(d -> observationsInside.add(Docs.str(d, "event.id")));
        assertEquals(observationsInside.size(), driver.findElements(By.cssSelector("#window-observations-" + id + " tbody tr")).size());
        shot("windows");
    }

    /**
     * The map's physical layer and roles, against the plant's inventory: the switch (role switch, from its CDP) is
     * drawn as one, the legend lists every role of {@link io.linewatch.inventory.AssetRole} with its count, and with
     * "physical links" on, switch, port and PLC are joined as {@code asset.attachment.*} says; the PLC's page names
     * the port.
     */
    @Test
    @Order(14)
    @SuppressWarnings("unchecked")
    void mapShowsTheSwitchPortADeviceHangsOffAndEveryRole() throws Exception {
        List<Map<String, Object>> inventory = ConsoleFixture.assets(plant.data);
        Map<String, Object> sw = inventory.stream().filter(a -> "switch".equals(Docs.str(a, "asset.role"))).findFirst()
                .orElseThrow(() -> new AssertionError("no switch in " + inventory));
        Map<String, Object> plc = inventory.stream().filter(a -> Docs.strings(a, "host.ip").contains(LearnedPlant.PLC)).findFirst().orElseThrow();
        String switchId = Docs.str(sw, "asset.id");
        String plcId = Docs.str(plc, "asset.id");
        assertEquals(switchId, Docs.str(plc, "asset.attachment.switch_id"), "the inventory attached the PLC");
        assertEquals(LearnedPlant.SWITCH_PORT, Docs.str(plc, "asset.attachment.port_id"));
        JavascriptExecutor js = driver;
        js.executeScript("window.lwMapStats = null");
        open("#/map", "map");
        mapStats();
        assertEquals(0L, js.executeScript("return window.lwMap.nodes('.port').length + window.lwMap.edges('.physical').length"),
                "the physical layer is off by default");
        assertEquals(List.of("switch"), js.executeScript("return window.lwMap.nodes('.switch').map(n => n.data('role'))"));
        assertEquals(switchId, js.executeScript("return window.lwMap.nodes('.switch')[0].id()"));
        for (io.linewatch.inventory.AssetRole role : io.linewatch.inventory.AssetRole.values()) {
            long count = inventory.stream().filter(a -> role.value.equals(Docs.str(a, "asset.role"))).count();
            WebElement entry = driver.findElement(By.cssSelector("#map-legend span[data-role='" + role.value + "']"));
            assertEquals(role.label + " (" + count + ")", entry.getText());
        }
        js.executeScript("window.lwMapStats = null");
        driver.findElement(By.id("map-physical")).click();
        Map<String, Object> stats = mapStats();
        Map<String, Object> api = plant.json("/api/map");
        List<Map<String, Object>> links = (List<Map<String, Object>>) api.get("links");
        long attached = inventory.stream().filter(a -> Docs.str(a, "asset.attachment.switch_id") != null).count();
        assertEquals(attached, links.size(), links.toString());
        assertEquals((long) links.size(), stats.get("links"));
        String port = "port:" + switchId + "|" + LearnedPlant.SWITCH_PORT;
        assertEquals(LearnedPlant.SWITCH_PORT, js.executeScript("return window.lwMap.getElementById(arguments[0]).data('label')", port));
        assertEquals(1L, js.executeScript("return window.lwMap.edges('.physical').filter(e => e.source().id() === arguments[0]"
                + " && e.target().id() === arguments[1]).length", switchId, port), "switch to port");
        assertEquals(1L, js.executeScript("return window.lwMap.edges('.physical').filter(e => e.source().id() === arguments[0]"
                + " && e.target().id() === arguments[1]).length", port, plcId), "port to PLC");
        assertTrue(driver.findElement(By.id("map-physical")).isSelected());
        shot("map-physical");
        // around the PLC: its switch (which sends no traffic) only with the physical layer
        String around = "/api/map?focus=" + java.net.URLEncoder.encode(plcId, StandardCharsets.UTF_8) + "&hops=1";
        assertTrue(((List<Map<String, Object>>) plant.json(around).get("nodes")).stream().noneMatch(n -> switchId.equals(n.get("id"))));
        assertTrue(((List<Map<String, Object>>) plant.json(around + "&physical=1").get("nodes")).stream().anyMatch(n -> switchId.equals(n.get("id"))));
        assertEquals(1, ((List<?>) plant.json(around + "&physical=1").get("links")).size());
        open("#/asset/" + java.net.URLEncoder.encode(plcId, StandardCharsets.UTF_8), "asset");
        String attachment = driver.findElement(By.cssSelector("#identity dd[data-field=attachment]")).getText();
        assertTrue(attachment.startsWith(LearnedPlant.SWITCH_NAME + " port " + LearnedPlant.SWITCH_PORT), attachment);
    }

    private static WebElement alertRow(String rule, String actor) {
        for (WebElement tr : driver.findElements(By.cssSelector("#alerts-table tbody tr"))) {
            String r = tr.findElement(By.cssSelector("td[data-key=rule]")).getText();
            String m = tr.findElement(By.cssSelector("td[data-key=message]")).getText();
            if (r.startsWith(rule + " ") && m.contains(actor + " ")) {
                return tr;
            }
        }
        throw new AssertionError("no alert of " + rule + " by " + actor + " on the page");
    }

    private static void waitForText(String id, java.util.function.Predicate<String> ok, int seconds) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(seconds)).until(d -> {
                try {
                    return ok.test(text(id));
                } catch (RuntimeException e) {
                    return false;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + ": " + driver.findElement(By.id("view")).getText(), e);
        }
    }

    private static void login(String token) {
        driver.get(console.url("/"));
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "overview".equals(
                d.findElement(By.id("view")).getDomAttribute("data-ready")));
    }

    private static void open(String hash, String page) {
        JavascriptExecutor js = driver;
        js.executeScript("document.getElementById('view').removeAttribute('data-ready');"
                + "if (location.hash === arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange'));"
                + "else location.hash = arguments[0];", hash);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> page.equals(
                d.findElement(By.id("view")).getDomAttribute("data-ready")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapStats() {
        JavascriptExecutor js = driver;
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> js.executeScript("return window.lwMapStats") != null);
        return new LinkedHashMap<>((Map<String, Object>) js.executeScript("return window.lwMapStats"));
    }

    private static void waitForText(String id, String expected, int seconds) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds)).until(d -> {
            try {
                return expected.equals(text(id));
            } catch (RuntimeException e) {
                return false; // the page is being redrawn
            }
        });
    }

    private static String card(String id) {
        return driver.findElement(By.cssSelector("#" + id + " .value")).getText();
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static String field(String key) {
        String t = driver.findElement(By.cssSelector("#identity dd[data-field=" + key + "]")).getText();
        int from = t.indexOf("  (from ");
        return (from >= 0 ? t.substring(0, from) : t.replaceAll(" \\(from .*\\)$", "")).strip();
    }

    private static void shot(String name) {
        try {
            File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(f.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
