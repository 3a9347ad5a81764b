package io.linewatch.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A cluster of {@link ElasticsearchNode}s on loopback, from the distribution the build unpacks: each node its own
 * HTTP and transport port, data and log directories, and 512 MiB heap; the same CA, node certificate and users
 * (so the same credentials work on every node); node-to-node traffic over TLS. Every node is a seed and an initial
 * master. The index templates leave replicas at Elasticsearch's default of one, so with two nodes every shard has
 * a copy on each.
 */
public final class DistributionCluster implements ElasticsearchCluster {
    private final List<ElasticsearchNode> nodes;
    private final boolean[] killed;

    private DistributionCluster(List<ElasticsearchNode> nodes) {
        this.nodes = nodes;
        this.killed = new boolean[nodes.size()];
    }

    /** Starts the nodes together and waits until each answers with the cluster formed. */
    public static DistributionCluster start(int size) {
        List<ElasticsearchNode> nodes = new ArrayList<>();
        ElasticsearchNode first = new ElasticsearchNode(null);
        nodes.add(first);
        for (int i = 1; i < size; i++) {
            nodes.add(new ElasticsearchNode(first));
        }
        String name = "lw-test-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        for (int i = 0; i < size; i++) {
            nodes.get(i).joinCluster(name, i, nodes);
        }
        DistributionCluster cluster = new DistributionCluster(nodes);
        try {
            nodes.forEach(ElasticsearchNode::launch);
            nodes.forEach(ElasticsearchNode::awaitAnswering);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The node itself (its log: {@code workDirectory()/console.log}). */
    public ElasticsearchNode node(int index) {
        return nodes.get(index);
    }

    @Override
    public List<URI> urls() {
        return nodes.stream().map(ElasticsearchNode::url).toList();
    }

    @Override
    public List<String> nodeNames() {
        return nodes.stream().map(ElasticsearchNode::nodeName).toList();
    }

    @Override
    public List<String> sensorOptions(Path dir) throws IOException {
        Path password = Files.createTempFile(dir, "es-password", "");
        Files.writeString(password, nodes.get(0).writerPassword());
        return List.of("--es", urls().stream().map(URI::toString).collect(Collectors.joining(",")),
                "--es-ca", nodes.get(0).caFile().toString(),
                "--es-user", ElasticsearchNode.WRITER, "--es-password-file", password.toString());
    }

    @Override
    public HttpResponse<String> request(String method, String path, String body) throws IOException {
        for (int i = 0; i < nodes.size(); i++) {
            if (!killed[i]) {
                return nodes.get(i).request(method, path, body);
            }
        }
        throw new IOException("every node of the cluster was killed");
    }

    @Override
    public synchronized void kill(int node) {
        killed[node] = true;
        nodes.get(node).kill();
    }

    @Override
    public void close() {
        nodes.forEach(ElasticsearchNode::close);
    }
}
