package io.linewatch.dissectors.link;

import io.linewatch.model.transaction.Endpoints;

/**
 * The two ends of a layer-2 record: MACs always, IP addresses only when the frame itself carries them (a DCP
 * Identify response's IP block, an LLDP management address). The client is the requester (DCP) or the sender
 * (LLDP/CDP, whose server is the multicast group). {@code id} is the conversation ({@link LinkRegistry#conversation}:
 * protocol, the MAC pair, VLANs), the same for a request and its response.
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
