package io.linewatch.dissectors.link;

import io.linewatch.model.transaction.Endpoints;

/**
 * The two ends of a layer-2 record: MACs always, IP addresses only when the frame itself carries them (a DCP
 * Identify response's IP block, an LLDP management address). The client is the requester (DCP) or the sender
 * (LLDP/CDP, whose server is the multicast group). {@code id} includes the capture time, so the records of one
 * frame have ids of their own that the same input always reproduces.
 */
record LinkEndpoints(String id, String clientMac, String serverMac, String clientIp, String serverIp, int vlan,
                     int innerVlan) implements Endpoints {
    @Override
    public String transport() {
        return null;
    }

    @Override
    public int clientPort() {
        return -1;
    }

    @Override
    public int serverPort() {
        return -1;
    }
}
