package io.linewatch.inventory.advisories;

import io.linewatch.inventory.AssetFields;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Security advisories read from a folder, matched against assets by vendor, product and firmware.
 *
 * <p>Matching is deliberately conservative, because a false "vulnerable" costs an auditor's trust:
 * the vendor must agree (word for word, ignoring company suffixes), and the product must agree by order
 * number (CSAF {@code model_numbers}, wildcards allowed) or by the device's model name or order number
 * appearing as whole words in the advisory's product name. The firmware then decides: in range, all
 * versions affected, or unknown firmware (listed, so someone checks the device).
 */
public final class AdvisoryLibrary {
    /** {@code firmware_match} values. */
    public static final String FIRMWARE_AFFECTED = "affected";
    public static final String FIRMWARE_ALL_VERSIONS = "all_versions";
    public static final String FIRMWARE_UNKNOWN = "firmware_unknown";
    public static final String FIRMWARE_RANGE_UNPARSED = "range_unparsed";

    static final int MAX_DEPTH = 8;
    static final int MAX_FILES = 50_000;

    /** Company-form words that do not tell vendors apart. */
    private static final Set<String> COMPANY_WORDS = Set.of("ag", "inc", "corp", "corporation", "co", "company", "ltd",
            "limited", "gmbh", "llc", "sa", "se", "plc", "kg", "bv", "nv", "the", "and");
    private static final Pattern NON_ALNUM = Pattern.compile("[^A-Za-z0-9]+");
    private static final Pattern SERIES = Pattern.compile("\\bSERIES ([A-Z])\\b");

    private final List<CsafAdvisory> advisories;
    private final List<String> errors;

    public AdvisoryLibrary(List<CsafAdvisory> advisories, List<String> errors) {
        this.advisories = List.copyOf(advisories);
        this.errors = List.copyOf(errors);
    }

    /**
     * Reads every {@code *.json} file under {@code dir}. A file that is not a usable advisory is reported in
     * {@link #errors()} (naming the file) and the others are still used.
     *
     * @throws AdvisoryException when the folder itself cannot be read
     */
    public static AdvisoryLibrary load(Path dir) throws AdvisoryException {
        if (!Files.isDirectory(dir)) {
            throw new AdvisoryException(dir + ": not a folder of CSAF advisories");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            files = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile).sorted().limit(MAX_FILES + 1L).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new AdvisoryException(dir + ": cannot list advisories: " + e.getMessage());
        }
        List<CsafAdvisory> ok = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (files.size() > MAX_FILES) {
            errors.add(dir + ": more than " + MAX_FILES + " advisory files; the rest were not read");
            files = files.subList(0, MAX_FILES);
        }
        for (Path f : files) {
            try {
                ok.add(CsafParser.parse(f));
            } catch (AdvisoryException e) {
                errors.add(e.getMessage());
            }
        }
        return new AdvisoryLibrary(ok, errors);
    }

    public List<CsafAdvisory> advisories() {
        return advisories;
    }

    /** One line per file that could not be used, each naming the file and the reason. */
    public List<String> errors() {
        return errors;
    }

    /** Adds {@code linewatch.advisories} to every asset some advisory applies to (replacing earlier matches). */
    public void annotate(List<EventDoc> assets) {
        for (EventDoc asset : assets) {
            List<Map<String, Object>> matches = matches(asset);
            Object container = asset.get("linewatch");
            if (container instanceof Map<?, ?> m) {
                m.remove("advisories");
            }
            if (!matches.isEmpty()) {
                asset.put(AssetFields.ADVISORIES, matches);
            }
        }
    }

    /** The advisories that apply to one asset document, in advisory id order. */
    public List<Map<String, Object>> matches(EventDoc asset) {
        String manufacturer = asset.getString(Fields.DEVICE_MANUFACTURER);
        String modelName = asset.getString(Fields.DEVICE_MODEL_NAME);
        String modelId = asset.getString(Fields.DEVICE_MODEL_IDENTIFIER);
        String firmware = asset.getString(Fields.DEVICE_FIRMWARE_VERSION);
        List<Map<String, Object>> out = new ArrayList<>();
        if (manufacturer == null || (modelName == null && modelId == null)) {
            return out;
        }
        List<CsafAdvisory> sorted = new ArrayList<>(advisories);
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        for (CsafAdvisory a : sorted) {
            Map<String, Object> m = match(a, manufacturer, modelName, modelId, firmware);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, Object> match(CsafAdvisory a, String manufacturer, String modelName, String modelId,
                                             String firmware) {
        // the strongest verdict over the advisory's matching products
        CsafAdvisory.Product matched = null;
        String verdict = null;
        for (CsafAdvisory.Product p : a.products()) {
            if (p.vendor() == null || !sameVendor(p.vendor(), manufacturer) || !sameProduct(p, modelName, modelId)) {
                continue;
            }
            String v = firmwareVerdict(p, firmware);
            if (v != null && (verdict == null || rank(v) > rank(verdict))) {
                verdict = v;
                matched = p;
            }
        }
        if (matched == null) {
            return null;
        }
        Set<String> cves = new LinkedHashSet<>();
        List<Map<String, Object>> scores = new ArrayList<>();
        double max = -1;
        for (CsafAdvisory.Vulnerability v : a.vulnerabilities()) {
            if (!v.knownAffected().contains(matched.productId())) {
                continue;
            }
            if (v.cve() != null) {
                cves.add(v.cve());
            }
            Double score = v.scores().get(matched.productId());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("cve", v.cve());
            s.put(AssetFields.ADVISORY_CVSS, score);
            scores.add(s);
            if (score != null) {
                max = Math.max(max, score);
            }
        }
        if (scores.isEmpty()) {
            return null; // the product is named, but no vulnerability lists it as affected
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(AssetFields.ADVISORY_ID, a.id());
        m.put(AssetFields.ADVISORY_TITLE, a.title());
        m.put(AssetFields.ADVISORY_CVES, new ArrayList<>(cves));
        m.put(AssetFields.ADVISORY_CVSS, max < 0 ? null : max);
        m.put("vulnerabilities", scores);
        m.put(AssetFields.ADVISORY_PRODUCT, matched.fullName());
        m.put(AssetFields.ADVISORY_FIRMWARE_MATCH, verdict);
        m.put(AssetFields.ADVISORY_URL, a.url());
        m.put(AssetFields.ADVISORY_FILE, Path.of(a.file()).getFileName().toString());
        return m;
    }

    private static int rank(String verdict) {
        return switch (verdict) {
            case FIRMWARE_AFFECTED -> 4;
            case FIRMWARE_ALL_VERSIONS -> 3;
            case FIRMWARE_RANGE_UNPARSED -> 2;
            default -> 1;
        };
    }

    /** null when the firmware is known to be outside the product's versions. */
    private static String firmwareVerdict(CsafAdvisory.Product p, String firmware) {
        String spec = p.versionRange() != null ? p.versionRange() : p.version();
        if (spec == null) {
            return FIRMWARE_ALL_VERSIONS; // a product without versions: the advisory names all of it
        }
        VersionRange.Verdict all = VersionRange.evaluate(spec, p.versionRange() != null, "0");
        if (all == VersionRange.Verdict.ALL_VERSIONS) {
            return FIRMWARE_ALL_VERSIONS;
        }
        if (firmware == null || firmware.isBlank()) {
            return FIRMWARE_UNKNOWN;
        }
        return switch (VersionRange.evaluate(spec, p.versionRange() != null, firmware)) {
            case AFFECTED -> FIRMWARE_AFFECTED;
            case ALL_VERSIONS -> FIRMWARE_ALL_VERSIONS;
            case UNPARSED -> FIRMWARE_RANGE_UNPARSED;
            case NOT_AFFECTED -> null;
        };
    }

    static boolean sameVendor(String advisoryVendor, String manufacturer) {
        Set<String> a = vendorWords(advisoryVendor);
        Set<String> b = vendorWords(manufacturer);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        return a.size() <= b.size() ? b.containsAll(a) : a.containsAll(b);
    }

    private static Set<String> vendorWords(String name) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : NON_ALNUM.split(name.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty() && !COMPANY_WORDS.contains(w)) {
                words.add(w);
            }
        }
        return words;
    }

    static boolean sameProduct(CsafAdvisory.Product p, String modelName, String modelId) {
        for (String number : p.modelNumbers()) {
            if (modelId != null && orderNumberMatches(number, modelId)) {
                return true;
            }
        }
        String product = " " + words(p.productName() == null ? p.fullName() : p.productName()) + " ";
        for (String model : new String[] {modelId, modelName}) {
            if (model == null) {
                continue;
            }
            String m = words(model);
            if (distinctive(m) && product.contains(" " + m + " ")) {
                return seriesAgrees(product, null);
            }
            // a catalogue number with a series suffix ("1756-ENBT/A"): the product may omit the series
            int cut = m.lastIndexOf(' ');
            if (cut > 0 && m.length() - cut == 2 && Character.isLetter(m.charAt(cut + 1))) {
                String base = m.substring(0, cut);
                if (distinctive(base) && product.contains(" " + base + " ")) {
                    return seriesAgrees(product, m.substring(cut + 1));
                }
            }
        }
        return false;
    }

    /** A product named "... Series B" does not match a device of series A. */
    private static boolean seriesAgrees(String product, String series) {
        var m = SERIES.matcher(product);
        return series == null || !m.find() || m.group(1).equals(series);
    }

    /** Whole-word matching needs a name with a digit and some length, so "CPU" alone matches nothing. */
    private static boolean distinctive(String words) {
        return words.length() >= 5 && words.chars().anyMatch(Character::isDigit);
    }

    private static boolean orderNumberMatches(String pattern, String orderNumber) {
        String p = pattern.replace(" ", "").toUpperCase(Locale.ROOT);
        String o = orderNumber.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!p.contains("*") && !p.contains("?")) {
            return p.equals(o);
        }
        StringBuilder re = new StringBuilder();
        for (char c : p.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return o.matches(re.toString());
    }

    private static String words(String s) {
        return String.join(" ", Arrays.stream(NON_ALNUM.split(s.toUpperCase(Locale.ROOT))).filter(w -> !w.isEmpty()).toList());
    }
}
