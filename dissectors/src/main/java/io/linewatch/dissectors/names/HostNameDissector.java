package io.linewatch.dissectors.names;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.IdentityFact;
import java.util.List;

/**
 * One UDP flow of a name service: each datagram is decoded on its own and what it binds goes to the inventory as
 * identity facts with the service as their source. A datagram that does not decode is counted
 * ({@code <protocol>.malformed}) and skipped: name services are broadcast chatter, not transactions, so no malformed
 * document is written for them.
 */
final class HostNameDissector implements FlowListener {
    private final FlowSession session;
    private final HostNameFactory.Service service;
    private final long[] notSelf = new long[1];

    HostNameDissector(FlowSession session, HostNameFactory.Service service) {
        this.session = session;
        this.service = service;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        String sender = dir == Direction.TO_SERVER ? flow.clientIp() : flow.serverIp();
        List<NameFact> facts;
        try {
            facts = switch (service) {
                case DHCP -> DhcpDecoder.facts(buf, off, len);
                case NETBIOS -> NbnsDecoder.names(buf, off, len, sender, notSelf);
                case DNS -> DnsDecoder.names(buf, off, len, sender, false, notSelf);
                case MDNS, LLMNR -> DnsDecoder.names(buf, off, len, sender, true, notSelf);
            };
        } catch (DecodeException e) {
            session.count(malformed().counter);
            return;
        }
        if (notSelf[0] > 0) {
            session.context().count((service == HostNameFactory.Service.NETBIOS ? NameCounter.NETBIOS_NOT_SELF
                    : NameCounter.DNS_NOT_SELF).counter, notSelf[0]);
            notSelf[0] = 0;
        }
        for (NameFact f : facts) {
            session.identityOf(f.ip(), f.mac(), f.field(), f.value(), service.source, ts);
            if (!IdentityFact.ADDRESS_BINDING.equals(f.field())) {
                session.count(facts().counter);
            }
        }
    }

    private NameCounter malformed() {
        return switch (service) {
            case DHCP -> NameCounter.DHCP_MALFORMED;
            case NETBIOS -> NameCounter.NETBIOS_MALFORMED;
            default -> NameCounter.DNS_MALFORMED;
        };
    }

    private NameCounter facts() {
        return switch (service) {
            case DHCP -> NameCounter.DHCP_FACTS;
            case NETBIOS -> NameCounter.NETBIOS_FACTS;
            default -> NameCounter.DNS_FACTS;
        };
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        // UDP has no gaps
    }

    @Override
    public void onEnd(Flow flow, long ts) {
    }
}
