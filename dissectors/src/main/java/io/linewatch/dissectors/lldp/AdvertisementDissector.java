package io.linewatch.dissectors.lldp;

import io.linewatch.capture.decode.LinkProtocol;
import io.linewatch.dissectors.link.LinkDissector;
import io.linewatch.dissectors.link.LinkSession;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.LinkFields;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.List;

/**
 * LLDP or CDP advertisements to transactions ({@code advertisement}, operation {@code discovery}, {@code ot.seen:
 * request}: an advertisement has no answer) from the sender (client, its MAC; its IPv4 management address when it
 * gives one) to the multicast group (server), and identity facts about the sender: its name ({@code host.name}),
 * description, model (CDP platform), capabilities, chassis and port id, management address. The inventory makes a
 * sender that advertises bridging a switch, and pairs the two ends of a link into attachments.
 */
public final class AdvertisementDissector implements LinkDissector {
    private final LinkProtocol link;
    private final Protocol protocol;
    private final String source;

    private AdvertisementDissector(LinkProtocol link, Protocol protocol) {
        this.link = link;
        this.protocol = protocol;
        this.source = protocol.wireName + ".advertisement";
    }

    public static AdvertisementDissector lldp() {
        return new AdvertisementDissector(LinkProtocol.LLDP, Protocol.LLDP);
    }

    public static AdvertisementDissector cdp() {
        return new AdvertisementDissector(LinkProtocol.CDP, Protocol.CDP);
    }

    @Override
    public LinkProtocol link() {
        return link;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void frame(byte[] buf, int off, int len, LinkSession s) {
        Advertisement a = protocol == Protocol.LLDP ? LldpDecoder.decode(buf, off, len) : CdpDecoder.decode(buf, off, len);
        if (a.error != null) {
            s.malformed(protocol, a.error);
            return;
        }
        String ip = a.ipv4();
        Transaction t = s.newTransaction(protocol, s.sourceMac(), s.destinationMac(), ip, null)
                .action("advertisement").operation(Operation.DISCOVERY).seen(Seen.REQUEST);
        a.anomalies.forEach(t::anomaly);
        if (protocol == Protocol.LLDP) {
            t.detail()
                    .put(LinkFields.LLDP_CHASSIS_ID, a.chassisId)
                    .put(LinkFields.LLDP_CHASSIS_ID_SUBTYPE, (long) a.chassisIdSubtype)
                    .put(LinkFields.LLDP_PORT_ID, a.portId)
                    .put(LinkFields.LLDP_PORT_ID_SUBTYPE, (long) a.portIdSubtype)
                    .put(LinkFields.LLDP_TTL, a.ttl)
                    .put(LinkFields.LLDP_PORT_DESCRIPTION, a.portDescription)
                    .put(LinkFields.LLDP_SYSTEM_NAME, a.systemName)
                    .put(LinkFields.LLDP_SYSTEM_DESCRIPTION, a.systemDescription)
                    .put(LinkFields.LLDP_CAPABILITIES, list(a.capabilities))
                    .put(LinkFields.LLDP_CAPABILITIES_ENABLED, list(a.enabled))
                    .put(LinkFields.LLDP_MANAGEMENT_ADDRESS, list(a.managementAddresses));
        } else {
            t.detail()
                    .put(LinkFields.CDP_VERSION, (long) a.version)
                    .put(LinkFields.CDP_TTL, a.ttl)
                    .put(LinkFields.CDP_DEVICE_ID, a.chassisId)
                    .put(LinkFields.CDP_PORT_ID, a.portId)
                    .put(LinkFields.CDP_PLATFORM, a.platform)
                    .put(LinkFields.CDP_SOFTWARE_VERSION, a.systemDescription)
                    .put(LinkFields.CDP_CAPABILITIES, list(a.capabilities))
                    .put(LinkFields.CDP_ADDRESSES, list(a.addresses))
                    .put(LinkFields.CDP_MANAGEMENT_ADDRESSES, list(a.managementAddresses))
                    .put(LinkFields.CDP_NATIVE_VLAN, a.nativeVlan < 0 ? null : (long) a.nativeVlan);
        }
        s.emit(t);
        String mac = s.sourceMac();
        String id = t.id();
        s.identity(mac, ip, Fields.HOST_NAME, a.systemName, source, id);
        s.identity(mac, ip, LinkFields.DEVICE_DESCRIPTION, a.systemDescription, source, id);
        s.identity(mac, ip, Fields.DEVICE_MODEL_NAME, a.platform, source, id);
        s.identity(mac, ip, LinkFields.DEVICE_CAPABILITIES, String.join(",", a.enabled), source, id);
        s.identity(mac, ip, LinkFields.DEVICE_CHASSIS_ID, a.chassisId, source, id);
        s.identity(mac, ip, LinkFields.DEVICE_PORT_ID, a.portId, source, id);
        s.identity(mac, ip, LinkFields.DEVICE_PORT_DESCRIPTION, a.portDescription, source, id);
        List<String> management = a.managementAddresses.isEmpty() && protocol == Protocol.CDP ? a.addresses : a.managementAddresses;
        s.identity(mac, ip, LinkFields.DEVICE_MANAGEMENT_ADDRESS, String.join(",", management), source, id);
    }

    private static List<String> list(List<String> values) {
        return values.isEmpty() ? null : List.copyOf(values);
    }
}
