package io.linewatch.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The same cluster from Elastic's official image through Testcontainers, for machines with a Docker engine
 * (developer laptops): one container per node on a network of their own, the same version as the distribution the
 * build unpacks. Kept minimal: security is off (plain HTTP, no credentials), so it exercises the shipping and the
 * cluster, not the TLS and privilege checks the distribution nodes add. The build machines have no Docker engine,
 * so this path compiles there but does not run.
 */
final class ContainerCluster implements ElasticsearchCluster {
    private static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch";

    private final List<GenericContainer<?>> containers;
    private final Network network;
    private final boolean[] killed;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ContainerCluster(List<GenericContainer<?>> containers, Network network) {
        this.containers = containers;
        this.network = network;
        this.killed = new boolean[containers.size()];
    }

    /** Whether a Docker engine answers here (Testcontainers' own check; false on any failure to ask). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerCluster start(int size) {
        Network network = Network.newNetwork();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            names.add("es" + i);
        }
        List<GenericContainer<?>> containers = new ArrayList<>();
        for (String name : names) {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE + ":" + version()))
                    .withNetwork(network).withNetworkAliases(name)
                    .withEnv("cluster.name", "linewatch-test").withEnv("node.name", name)
                    .withEnv("discovery.seed_hosts", String.join(",", names))
                    .withEnv("cluster.initial_master_nodes", String.join(",", names))
                    .withEnv("xpack.security.enabled", "false")
                    .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                    .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                    .withExposedPorts(9200)
                    .waitingFor(Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=1s").forPort(9200)
                            .forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
            containers.add(c);
        }
        ContainerCluster cluster = new ContainerCluster(containers, network);
        try {
            Startables.deepStart(containers).join(); // together: each waits for the cluster to form
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The version of the distribution the build unpacked ({@code es.test.home} ends in elasticsearch-VERSION). */
    private static String version() {
        String home = System.getProperty("es.test.home", "");
        String dir = Path.of(home).getFileName() == null ? "" : Path.of(home).getFileName().toString();
        if (!dir.startsWith("elasticsearch-")) {
            throw new IllegalStateException("es.test.home does not name the Elasticsearch version: " + home);
        }
        return dir.substring("elasticsearch-".length());
    }

    @Override
    public List<URI> urls() {
        return containers.stream().map(c -> URI.create("http://" + c.getHost() + ":" + c.getMappedPort(9200))).toList();
    }

    @Override
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= containers.size(); i++) {
            names.add("es" + i);
        }
        return names;
    }

    @Override
    public List<String> sensorOptions(Path dir) {
        return List.of("--es", urls().stream().map(URI::toString).collect(Collectors.joining(",")));
    }

    @Override
    public HttpResponse<String> request(String method, String path, String body) throws IOException {
        for (int i = 0; i < containers.size(); i++) {
            if (!killed[i]) {
                HttpRequest r = HttpRequest.newBuilder(urls().get(i).resolve(path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    return http.send(r, HttpResponse.BodyHandlers.ofString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("every node of the cluster was killed");
    }

    @Override
    public synchronized void kill(int node) {
        killed[node] = true;
        DockerClientFactory.instance().client().killContainerCmd(containers.get(node).getContainerId()).exec();
    }

    @Override
    public void close() {
        containers.forEach(GenericContainer::stop);
        network.close();
    }
}
