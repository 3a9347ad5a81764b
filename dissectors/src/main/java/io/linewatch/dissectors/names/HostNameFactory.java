package io.linewatch.dissectors.names;

import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.transaction.Protocol;
import java.util.List;

/** The name services on UDP, by port: DHCP (67, 68), NetBIOS name service (137), DNS (53), mDNS (5353), LLMNR (5355). */
public final class HostNameFactory implements DissectorFactory {
    /** A name service: its protocol, its ports and the provenance its facts carry ({@code asset.identity[].source}). */
    enum Service {
        DHCP(Protocol.DHCP, "dhcp", 67, 68),
        NETBIOS(Protocol.NETBIOS_NS, "netbios", 137),
        DNS(Protocol.DNS, "dns", 53),
        MDNS(Protocol.DNS, "mdns", 5353),
        LLMNR(Protocol.DNS, "llmnr", 5355);

        final Protocol protocol;
        final String source;
        final int[] ports;

        Service(Protocol protocol, String source, int... ports) {
            this.protocol = protocol;
            this.source = source;
            this.ports = ports;
        }

        boolean on(Flow flow) {
            for (int p : ports) {
                if (flow.serverPort() == p || flow.clientPort() == p) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Service service;

    HostNameFactory(Service service) {
        this.service = service;
    }

    /** One factory per name service (DNS, mDNS and LLMNR share a wire format but not how far their names are trusted). */
    public static List<DissectorFactory> factories() {
        return List.of(new HostNameFactory(Service.DHCP), new HostNameFactory(Service.NETBIOS),
                new HostNameFactory(Service.DNS), new HostNameFactory(Service.MDNS), new HostNameFactory(Service.LLMNR));
    }

    @Override
    public Protocol protocol() {
        return service.protocol;
    }

    @Override
    public boolean handles(Flow flow) {
        return "udp".equals(flow.transport()) && service.on(flow);
    }

    @Override
    public FlowListener create(FlowSession session) {
        return new HostNameDissector(session, service);
    }
}
