package io.linewatch.inventory.advisories;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of one CSAF 2.0 security advisory that matching needs: its products (vendor, product name,
 * version or version range, model numbers) and its vulnerabilities (CVE, affected products, CVSS scores).
 */
public record CsafAdvisory(String id, String title, String url, String file, List<Product> products,
                           List<Vulnerability> vulnerabilities) {

    /**
     * A leaf of the product tree.
     *
     * @param version      the {@code product_version} name (an exact version, or {@code vers:all/*}), or null
     * @param versionRange the {@code product_version_range} name ({@code vers:generic/<2.0}, {@code <= 10.10}), or null
     */
    public record Product(String productId, String vendor, String productName, String version, String versionRange,
                          List<String> modelNumbers, String fullName) {
    }

    /** @param scores CVSS base score per product id (v3 preferred over v2) */
    public record Vulnerability(String cve, Set<String> knownAffected, Map<String, Double> scores) {
    }
}
