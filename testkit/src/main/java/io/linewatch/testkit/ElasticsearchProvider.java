package io.linewatch.testkit;

import java.io.IOException;

/**
 * Where integration tests get an Elasticsearch cluster: the minimal distribution from Maven Central, unpacked by the
 * build and run as processes on loopback ({@link DistributionCluster}), or, where a Docker engine answers, the
 * official image through Testcontainers ({@link ContainerCluster}). The same test runs on either.
 */
public interface ElasticsearchProvider {
    /** Starts {@code nodes} nodes that form one cluster, and waits until it answers. */
    ElasticsearchCluster start(int nodes) throws IOException;

    /**
     * Testcontainers when a Docker engine is available (developer laptops), else the distribution (the build
     * machines, which have no Docker engine). {@code -Dlinewatch.es.provider=distribution} forces the distribution.
     */
    static ElasticsearchProvider forThisMachine() {
        if (!"distribution".equals(System.getProperty("linewatch.es.provider")) && ContainerCluster.dockerAvailable()) {
            return ContainerCluster::start;
        }
        return DistributionCluster::start;
    }
}
