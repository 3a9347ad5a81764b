package io.linewatch.dissectors.lldp;

import java.util.ArrayList;
import java.util.List;

/** One decoded LLDPDU or CDP message: what the sender says about itself, or the error it carries. */
final class Advertisement {
    String chassisId;
    int chassisIdSubtype = -1;
    String portId;
    int portIdSubtype = -1;
    long ttl = -1;
    String portDescription;
    String systemName;
    String systemDescription;
    final List<String> capabilities = new ArrayList<>();
    final List<String> enabled = new ArrayList<>();
    final List<String> managementAddresses = new ArrayList<>();
    // CDP only
    int version = -1;
    String platform;
    final List<String> addresses = new ArrayList<>();
    int nativeVlan = -1;
    /** What is wrong but decoded anyway. */
    final List<AdvertisementAnomaly> anomalies = new ArrayList<>();
    /** Why it did not decode; null when it did. */
    String error;

    /** Its first usable IPv4 management address (CDP: else its first IPv4 address), or null (0.0.0.0: none set). */
    String ipv4() {
        for (List<String> list : List.of(managementAddresses, addresses)) {
            for (String a : list) {
                if (Net.isIpv4(a) && !a.equals("0.0.0.0") && !a.equals("255.255.255.255")) {
                    return a;
                }
            }
        }
        return null;
    }
}
