package io.linewatch.inventory.advisories;

import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CSAF 2.0 advisories (OASIS CSAF v2.0, the format CISA publishes ICS advisories in). Only the
 * fields matching needs are read; anything structurally wrong becomes an {@link AdvisoryException} naming
 * the file, never another exception.
 */
public final class CsafParser {
    /** Real advisories are tens of kilobytes; a file this large is not one. */
    public static final long MAX_FILE_BYTES = 16L << 20;
    /** Product trees nest vendor / family / name / version: a few levels. */
    static final int MAX_BRANCH_DEPTH = 16;
    static final int MAX_PRODUCTS = 20_000;

    /** Branch categories of the CSAF 2.0 product tree this reader uses. */
    private static final String VENDOR = "vendor";
    private static final String PRODUCT_NAME = "product_name";
    private static final String PRODUCT_FAMILY = "product_family";
    private static final String PRODUCT_VERSION = "product_version";
    private static final String PRODUCT_VERSION_RANGE = "product_version_range";

    private CsafParser() {
    }

    public static CsafAdvisory parse(Path file) throws AdvisoryException {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new AdvisoryException(name + ": " + size + " bytes, larger than any advisory (limit " + MAX_FILE_BYTES + ")");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return parse(text, name);
        } catch (CharacterCodingException e) {
            throw new AdvisoryException(name + ": not UTF-8 text");
        } catch (IOException e) {
            throw new AdvisoryException(name + ": cannot read: " + e.getMessage());
        }
    }

    public static CsafAdvisory parse(String text, String fileName) throws AdvisoryException {
        Object root;
        try {
            root = Json.read(text);
        } catch (IllegalArgumentException e) {
            throw new AdvisoryException(fileName + ": " + e.getMessage());
        }
        try {
            return advisory(map(root, "the document root"), fileName);
        } catch (Malformed e) {
            throw new AdvisoryException(fileName + ": not a usable CSAF 2.0 advisory: " + e.getMessage());
        }
    }

    /** Internal: a structural problem, turned into an {@link AdvisoryException} with the file name. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static CsafAdvisory advisory(Map<String, Object> root, String fileName) throws Malformed {
        Map<String, Object> document = map(root.get("document"), "document");
        String version = string(document.get("csaf_version"), "document.csaf_version");
        if (!"2.0".equals(version)) {
            throw new Malformed("csaf_version is " + version + ", expected 2.0");
        }
        Map<String, Object> tracking = map(document.get("tracking"), "document.tracking");
        String id = string(tracking.get("id"), "document.tracking.id");
        String title = string(document.get("title"), "document.title");
        String url = selfUrl(document.get("references"));

        List<CsafAdvisory.Product> products = new ArrayList<>();
        Object treeValue = root.get("product_tree");
        if (treeValue != null) {
            Map<String, Object> tree = map(treeValue, "product_tree");
            Object branches = tree.get("branches");
            if (branches != null) {
                walk(list(branches, "product_tree.branches"), new BranchPath(null, null, null, null), products, 0);
            }
            Object fullNames = tree.get("full_product_names");
            if (fullNames != null) {
                for (Object o : list(fullNames, "product_tree.full_product_names")) {
                    Map<String, Object> p = map(o, "product_tree.full_product_names[]");
                    add(products, new CsafAdvisory.Product(string(p.get("product_id"), "product_id"), null,
                            string(p.get("name"), "name"), null, null, modelNumbers(p), string(p.get("name"), "name")));
                }
            }
        }
        List<CsafAdvisory.Vulnerability> vulnerabilities = new ArrayList<>();
        Object vulns = root.get("vulnerabilities");
        if (vulns != null) {
            for (Object o : list(vulns, "vulnerabilities")) {
                vulnerabilities.add(vulnerability(map(o, "vulnerabilities[]")));
            }
        }
        if (products.isEmpty()) {
            throw new Malformed("no products in product_tree");
        }
        return new CsafAdvisory(id, title, url, fileName, List.copyOf(products), List.copyOf(vulnerabilities));
    }

    /** Where a branch walk is: the vendor, product name and version seen on the way down. */
    private record BranchPath(String vendor, String productName, String version, String versionRange) {
    }

    private static void walk(List<Object> branches, BranchPath at, List<CsafAdvisory.Product> out, int depth) throws Malformed {
        if (depth > MAX_BRANCH_DEPTH) {
            throw new Malformed("product_tree branches nested deeper than " + MAX_BRANCH_DEPTH);
        }
        for (Object o : branches) {
            Map<String, Object> b = map(o, "branch");
            String category = string(b.get("category"), "branch.category");
            String name = string(b.get("name"), "branch.name");
            BranchPath here = switch (category) {
                case VENDOR -> new BranchPath(name, at.productName(), at.version(), at.versionRange());
                case PRODUCT_NAME -> new BranchPath(at.vendor(), name, at.version(), at.versionRange());
                case PRODUCT_FAMILY -> at.productName() == null ? new BranchPath(at.vendor(), name, at.version(), at.versionRange()) : at;
                case PRODUCT_VERSION -> new BranchPath(at.vendor(), at.productName(), name, null);
                case PRODUCT_VERSION_RANGE -> new BranchPath(at.vendor(), at.productName(), null, name);
                default -> at; // architecture, language, patch_level, ...: not used for matching
            };
            Object product = b.get("product");
            if (product != null) {
                Map<String, Object> p = map(product, "branch.product");
                add(out, new CsafAdvisory.Product(string(p.get("product_id"), "product.product_id"), here.vendor(),
                        here.productName(), here.version(), here.versionRange(), modelNumbers(p),
                        string(p.get("name"), "product.name")));
            }
            Object children = b.get("branches");
            if (children != null) {
                walk(list(children, "branch.branches"), here, out, depth + 1);
            }
        }
    }

    private static void add(List<CsafAdvisory.Product> out, CsafAdvisory.Product p) throws Malformed {
        if (out.size() >= MAX_PRODUCTS) {
            throw new Malformed("more than " + MAX_PRODUCTS + " products");
        }
        out.add(p);
    }

    private static List<String> modelNumbers(Map<String, Object> product) throws Malformed {
        Object helper = product.get("product_identification_helper");
        if (helper == null) {
            return List.of();
        }
        Object numbers = map(helper, "product_identification_helper").get("model_numbers");
        if (numbers == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object n : list(numbers, "model_numbers")) {
            out.add(string(n, "model_numbers[]"));
        }
        return out;
    }

    private static CsafAdvisory.Vulnerability vulnerability(Map<String, Object> v) throws Malformed {
        String cve = v.get("cve") == null ? null : string(v.get("cve"), "vulnerabilities[].cve");
        Set<String> affected = new LinkedHashSet<>();
        Object status = v.get("product_status");
        if (status != null) {
            Object known = map(status, "product_status").get("known_affected");
            if (known != null) {
                for (Object id : list(known, "product_status.known_affected")) {
                    affected.add(string(id, "known_affected[]"));
                }
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Object scoreList = v.get("scores");
        if (scoreList != null) {
            for (Object o : list(scoreList, "vulnerabilities[].scores")) {
                Map<String, Object> s = map(o, "scores[]");
                Double base = baseScore(s.get("cvss_v3"));
                if (base == null) {
                    base = baseScore(s.get("cvss_v2"));
                }
                Object products = s.get("products");
                if (base != null && products != null) {
                    for (Object id : list(products, "scores[].products")) {
                        scores.merge(string(id, "scores[].products[]"), base, Math::max);
                    }
                }
            }
        }
        return new CsafAdvisory.Vulnerability(cve, affected, scores);
    }

    private static Double baseScore(Object cvss) throws Malformed {
        if (cvss == null) {
            return null;
        }
        Object score = map(cvss, "cvss").get("baseScore");
        if (score == null) {
            return null;
        }
        if (!(score instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 10) {
            throw new Malformed("cvss baseScore " + score + " is not a number from 0 to 10");
        }
        return n.doubleValue();
    }

    private static String selfUrl(Object references) throws Malformed {
        if (references == null) {
            return null;
        }
        String first = null;
        for (Object o : list(references, "document.references")) {
            Map<String, Object> r = map(o, "document.references[]");
            if ("self".equals(r.get("category")) && r.get("url") instanceof String u) {
                if (!u.endsWith(".json")) {
                    return u; // the readable web page rather than the JSON itself
                }
                first = first == null ? u : first;
            }
        }
        return first;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) throws Malformed {
        if (o instanceof Map) {
            return (Map<String, Object>) o;
        }
        throw new Malformed(what + (o == null ? " is missing" : " is not an object"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) throws Malformed {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new Malformed(what + " is not a list");
    }

    private static String string(Object o, String what) throws Malformed {
        if (o instanceof String s) {
            return s;
        }
        throw new Malformed(what + (o == null ? " is missing" : " is not a string"));
    }
}
