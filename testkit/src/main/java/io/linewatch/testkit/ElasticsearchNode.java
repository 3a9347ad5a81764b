package io.linewatch.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real single-node Elasticsearch for integration tests: the minimal distribution Elastic publishes on
 * Maven Central (unpacked by the build into {@code es.test.home}), run with security on, HTTPS with a CA and
 * node certificate generated here, and file-realm users (one with exactly the privileges docs/ELASTICSEARCH.md
 * tells operators to grant). Loopback only, free ports, its own temporary directory. Elasticsearch refuses to
 * run as root, so as root it runs as the unprivileged user {@value #OS_USER} (created if missing).
 * Start-up takes about 20 s, so one node serves a whole test run ({@link #shared()}); {@link #kill()} and
 * {@link #start()} simulate an outage. Several nodes form a cluster on loopback through {@link DistributionCluster}.
 */
public final class ElasticsearchNode implements ElasticsearchRest, AutoCloseable {
    public static final String OS_USER = "linewatch-es";
    public static final String ADMIN = "lw-admin";
    /** Has only the privileges the documentation lists for the sensor. */
    public static final String WRITER = "lw-writer";
    public static final String WRITER_ROLE = "linewatch_writer";
    /** May look at the cluster but not install templates: for the "permission denied" start-up error. */
    public static final String MONITOR_ONLY = "lw-monitor";

    /** About 20 s on a quiet machine; minutes when many builds share two cores (two nodes start at once). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private static ElasticsearchNode shared;

    private final Path home;
    private final Path work;
    private final Path config;
    private final int httpPort;
    private final int transportPort;
    private final String adminPassword;
    private final String writerPassword;
    private final Path caFile;
    private final String nodeCertFingerprint;
    private final SSLContext ssl;
    private final HttpClient http;
    private Process process;
    /** How the node finds its cluster: alone, or the members of a {@link DistributionCluster}. */
    private List<String> discovery = List.of("-E", "discovery.type=single-node");
    private String nodeName;

    /** The node of this test run, started on first use and stopped when the JVM exits. */
    public static synchronized ElasticsearchNode shared() {
        if (shared == null) {
            ElasticsearchNode node = new ElasticsearchNode();
            node.start();
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "stop-test-elasticsearch"));
            shared = node;
        }
        return shared;
    }

    private ElasticsearchNode() {
        this(null);
    }

    /**
     * A node of its own, or (with {@code first}) another node for {@code first}'s cluster: the same certificates,
     * users and passwords, its own ports and directories.
     */
    ElasticsearchNode(ElasticsearchNode first) {
        adminPassword = first == null ? randomSecret() : first.adminPassword;
        writerPassword = first == null ? randomSecret() : first.writerPassword;
        String h = System.getProperty("es.test.home");
        if (h == null || !Files.isDirectory(Path.of(h))) {
            throw new IllegalStateException("es.test.home does not point at an unpacked Elasticsearch distribution "
                    + "(run the integration tests through Maven: mvn verify)");
        }
        home = Path.of(h);
        try {
            work = Files.createTempDirectory("linewatch-es-");
            config = work.resolve("config");
            copyTree(home.resolve("config"), config);
            Files.createDirectories(work.resolve("data"));
            Files.createDirectories(work.resolve("logs"));
            // the stock jvm.options writes GC logs and heap dumps under the (read-only) distribution
            List<String> jvm = new ArrayList<>();
            for (String line : Files.readAllLines(config.resolve("jvm.options"))) {
                if (!line.contains("Xlog:gc") && !line.contains("HeapDumpPath") && !line.contains("ErrorFile")) {
                    jvm.add(line);
                }
            }
            jvm.add("-XX:HeapDumpPath=" + work.resolve("data"));
            jvm.add("-XX:ErrorFile=" + work.resolve("logs/hs_err_pid%p.log"));
            Files.write(config.resolve("jvm.options"), jvm);
            Files.writeString(config.resolve("roles.yml"), WRITER_ROLE + ":\n"
                    + "  cluster: [monitor, manage_index_templates]\n"
                    + "  indices:\n"
                    + "    - names: ['linewatch-*']\n"
                    + "      privileges: [create_doc, create_index, index, auto_configure]\n"
                    + "monitor_only:\n"
                    + "  cluster: [monitor]\n");
            caFile = work.resolve("ca.crt");
            if (first == null) {
                nodeCertFingerprint = writeCertificates();
            } else {
                for (String f : List.of("ca.crt", "node.crt", "node.key", "users", "users_roles")) {
                    Files.copy(first.config.resolve(f), config.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Files.copy(first.caFile, caFile);
                nodeCertFingerprint = first.nodeCertFingerprint;
            }
            ssl = sslTrusting(caFile);
            http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            httpPort = freePort();
            transportPort = freePort();
            if (isRoot()) {
                run(List.of("sh", "-c", "id " + OS_USER + " >/dev/null 2>&1 || useradd --system --no-create-home "
                        + "--shell /usr/sbin/nologin " + OS_USER));
                run(List.of("chown", "-R", OS_USER, work.toString()));
            }
            if (first == null) {
                addUser(ADMIN, adminPassword, "superuser");
                addUser(WRITER, writerPassword, WRITER_ROLE);
                addUser(MONITOR_ONLY, writerPassword, "monitor_only");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("https://localhost:" + httpPort);
    }

    public Path caFile() {
        return caFile;
    }

    /** SHA-256 of the node's HTTP certificate, hex. */
    public String nodeCertificateFingerprint() {
        return nodeCertFingerprint;
    }

    public String writerPassword() {
        return writerPassword;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path workDirectory() {
        return work;
    }

    /** Its {@code node.name} in a cluster; null alone. */
    String nodeName() {
        return nodeName;
    }

    /**
     * Makes this node a member of a cluster of nodes on loopback (before {@link #start()}): node-to-node traffic over
     * TLS with the same certificates, every member a seed and, at the first start, an initial master.
     */
    void joinCluster(String clusterName, int index, List<ElasticsearchNode> members) {
        nodeName = clusterName + "-" + (index + 1);
        List<String> seeds = members.stream().map(n -> "127.0.0.1:" + n.transportPort).toList();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            names.add(clusterName + "-" + (i + 1));
        }
        discovery = List.of("-E", "cluster.name=" + clusterName, "-E", "node.name=" + nodeName,
                "-E", "discovery.seed_hosts=" + String.join(",", seeds),
                "-E", "cluster.initial_master_nodes=" + String.join(",", names),
                "-E", "xpack.security.transport.ssl.enabled=true",
                "-E", "xpack.security.transport.ssl.verification_mode=certificate",
                "-E", "xpack.security.transport.ssl.certificate=node.crt",
                "-E", "xpack.security.transport.ssl.key=node.key",
                "-E", "xpack.security.transport.ssl.certificate_authorities=ca.crt");
    }

    /** Starts the process and waits until the cluster answers (green or yellow). */
    public synchronized void start() {
        launch();
        awaitAnswering();
    }

    /** Starts the process without waiting (the members of a cluster start together). */
    synchronized void launch() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        cmd.addAll(List.of("env", "ES_PATH_CONF=" + config, "ES_JAVA_HOME=" + System.getProperty("java.home"),
                "ES_JAVA_OPTS=-Xms512m -Xmx512m",
                home.resolve("bin/elasticsearch").toString(),
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + httpPort, "-E", "transport.port=" + transportPort,
                "-E", "path.data=" + work.resolve("data"), "-E", "path.logs=" + work.resolve("logs"),
                "-E", "xpack.security.enabled=true",
                "-E", "xpack.security.http.ssl.enabled=true",
                "-E", "xpack.security.http.ssl.certificate=node.crt",
                "-E", "xpack.security.http.ssl.key=node.key",
                "-E", "xpack.security.http.ssl.certificate_authorities=ca.crt",
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E", "action.destructive_requires_name=false"));
        cmd.addAll(discovery);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("console.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until this node answers with its cluster green or yellow. */
    synchronized void awaitAnswering() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + "; see "
                        + work.resolve("console.log") + consoleTail());
            }
            try {
                HttpResponse<String> r = request("GET", "/_cluster/health?wait_for_status=yellow&timeout=1s", null);
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(500);
        }
        throw new IllegalStateException("Elasticsearch did not come up within " + START_TIMEOUT.toSeconds() + " s; see " + work.resolve("console.log")
                + consoleTail());
    }

    /** The last lines the node wrote (the directory is gone once the node is closed). */
    private String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("console.log"));
            return "; its last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the node at once (SIGKILL to every process of it): an outage, not a clean shutdown. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        process = null;
    }

    @Override
    public HttpResponse<String> request(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(ADMIN, adminPassword))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void addUser(String name, String password, String role) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        cmd.addAll(List.of("env", "ES_PATH_CONF=" + config, "ES_JAVA_HOME=" + System.getProperty("java.home"),
                home.resolve("bin/elasticsearch-users").toString(), "useradd", name, "-p", password, "-r", role));
        run(cmd);
    }

    /** A CA and a node certificate for localhost / 127.0.0.1, as PEM files; returns the node certificate's SHA-256. */
    private String writeCertificates() throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair caKeys = gen.generateKeyPair();
            KeyPair nodeKeys = gen.generateKeyPair();
            Instant now = Instant.now();
            java.util.Date from = java.util.Date.from(now.minusSeconds(3600));
            java.util.Date to = java.util.Date.from(now.plus(Duration.ofDays(2)));
            X500Name caName = new X500Name("CN=linewatch test CA");
            JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName,
                    caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(
                    ca.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            JcaX509v3CertificateBuilder node = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from, to,
                    new X500Name("CN=localhost"), nodeKeys.getPublic());
            node.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            node.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            X509Certificate nodeCert = new JcaX509CertificateConverter().getCertificate(
                    node.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            pem(config.resolve("ca.crt"), caCert);
            pem(caFile, caCert);
            pem(config.resolve("node.crt"), nodeCert);
            pem(config.resolve("node.key"), nodeKeys.getPrivate());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(nodeCert.getEncoded()));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot make test certificates: " + e, e);
        }
    }

    private static void pem(Path file, Object o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
    }

    public static SSLContext sslTrusting(Path caPem) throws IOException {
        try (var in = Files.newInputStream(caPem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd.subList(0, Math.min(4, cmd.size()))) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
