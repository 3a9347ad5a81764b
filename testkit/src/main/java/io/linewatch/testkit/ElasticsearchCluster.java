package io.linewatch.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A running multi-node Elasticsearch cluster on this machine for integration tests, from an
 * {@link ElasticsearchProvider}: its node URLs, the options a sensor needs to ship into it, the administrator's
 * REST calls (sent to a node that is up), and killing a node.
 */
public interface ElasticsearchCluster extends ElasticsearchRest, AutoCloseable {
    /** The HTTP URL of every node, in node order. */
    List<URI> urls();

    /**
     * The {@code linewatch} options that ship into this cluster as the least-privileged writer the documentation
     * describes ({@code --es URL,URL --es-ca ... --es-user ... --es-password-file ...}); secret files go into
     * {@code dir}.
     */
    List<String> sensorOptions(Path dir) throws IOException;

    /**
     * A node whose loss the cluster survives without losing its master: with two master-eligible nodes Elasticsearch
     * keeps one of them as the only voter (an odd voting configuration), and losing that one leaves the cluster
     * without a master until it returns, so a test that kills a node must kill the other one.
     */
    default int expendableNode() throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> state = (java.util.Map<String, Object>) io.linewatch.model.Json.read(call("GET",
                    "/_cluster/state/metadata?filter_path=metadata.cluster_coordination.last_committed_config", null));
            @SuppressWarnings("unchecked")
            List<String> voters = (List<String>) ((java.util.Map<String, Object>) ((java.util.Map<String, Object>) state
                    .get("metadata")).get("cluster_coordination")).get("last_committed_config");
            if (voters.size() < urls().size() || urls().size() > 2) {
                List<String> ids = nodeIds();
                for (int i = ids.size() - 1; i >= 0; i--) {
                    if (!voters.contains(ids.get(i))) {
                        return i;
                    }
                }
                return ids.size() - 1; // three or more voters: any one may go
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the voting configuration still holds every node: " + voters);
            }
            try {
                Thread.sleep(250); // the cluster shrinks it to an odd size shortly after forming
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** The {@code node.name} of every node, in node order. */
    List<String> nodeNames();

    /** Elasticsearch's node id of every node, in node order (null for a node that is not in the cluster). */
    @SuppressWarnings("unchecked")
    default List<String> nodeIds() throws IOException {
        java.util.Map<String, Object> nodes = (java.util.Map<String, Object>) ((java.util.Map<String, Object>)
                io.linewatch.model.Json.read(call("GET", "/_nodes?filter_path=nodes.*.name", null))).get("nodes");
        java.util.Map<String, String> idByName = new java.util.HashMap<>();
        nodes.forEach((id, n) -> idByName.put((String) ((java.util.Map<String, Object>) n).get("name"), id));
        return nodeNames().stream().map(idByName::get).toList();
    }

    /** Kills a node at once (SIGKILL): a crash, not a shutdown. */
    void kill(int node);

    @Override
    void close();
}
