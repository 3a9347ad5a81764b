package io.linewatch.testkit;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair for live-capture tests: the sensor captures on {@code ours}, traffic is replayed into {@code peer},
 * which lives in a network namespace the test creates (so nothing reaches any other interface). Needs root and
 * iproute2; callers check with JUnit assumptions first.
 */
public final class VethPair {
    private VethPair() {
    }

    /** Creates the namespace and the pair, IPv6 off on both ends, both ends up. */
    public static void create(String namespace, String ours, String peer) throws Exception {
        sh("ip", "netns", "add", namespace);
        sh("ip", "link", "add", ours, "type", "veth", "peer", "name", peer);
        sh("ip", "link", "set", peer, "netns", namespace);
        // no IPv6 on either end: router solicitations would be extra traffic the replayed file does not have
        sh("sysctl", "-q", "-w", "net.ipv6.conf." + ours + ".disable_ipv6=1");
        sh("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + peer + ".disable_ipv6=1");
        sh("ip", "link", "set", ours, "up");
        sh("ip", "netns", "exec", namespace, "ip", "link", "set", peer, "up");
    }

    /** Removes the pair and the namespace (best effort: a test that failed half-way may have left either). */
    public static void delete(String namespace, String ours) throws Exception {
        run(List.of("ip", "link", "del", ours));
        run(List.of("ip", "netns", "del", namespace));
    }

    /** Runs a command; fails the test with its output when it does not succeed. */
    public static void sh(String... cmd) throws Exception {
        String out = run(List.of(cmd));
        if (out != null) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
    }

    /** @return null on success, else the command's output */
    public static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out;
    }
}
