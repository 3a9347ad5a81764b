package io.linewatch.dissectors.profinet;

import io.linewatch.capture.decode.LinkProtocol;
import io.linewatch.dissectors.link.LinkDissector;
import io.linewatch.dissectors.link.LinkSession;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.ProfinetFields;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.List;
import java.util.Locale;

/**
 * PROFINET DCP frames to transactions and identity facts. DCP is a datagram protocol (one Identify request draws a
 * response from every device): each frame is its own record, a request with {@code ot.seen: request}, a response
 * with {@code ot.seen: response} and its request's {@code profinet_dcp.xid}. The client is the requester (the
 * engineering tool or IO controller), the server the device; a Hello is the device announcing itself (client).
 * Identify responses, Get responses and Hello give the device's identity: station name, type of station (model),
 * vendor/device id, role, IP parameters, about the sender's MAC (and its IP when it has one).
 */
public final class DcpDissector implements LinkDissector {
    static final String SOURCE_IDENTIFY = "profinet_dcp.identify";
    static final String SOURCE_HELLO = "profinet_dcp.hello";
    static final String SOURCE_GET = "profinet_dcp.get";

    @Override
    public LinkProtocol link() {
        return LinkProtocol.PROFINET_DCP;
    }

    @Override
    public Protocol protocol() {
        return Protocol.PROFINET_DCP;
    }

    @Override
    public void frame(byte[] buf, int off, int len, LinkSession s) {
        DcpMessage m = DcpDecoder.decode(buf, off, len);
        if (m.error != null) {
            s.malformed(Protocol.PROFINET_DCP, m.error);
            return;
        }
        DcpService service = DcpService.of(m.serviceId);
        boolean response = m.isResponse();
        boolean hello = service == DcpService.HELLO;
        String device = response || hello ? s.sourceMac() : s.destinationMac();
        String requester = response ? s.destinationMac() : s.sourceMac();
        String deviceIp = reportsIdentity(service, response) && m.ipBlockInfo > 0 && !"0.0.0.0".equals(m.ip) ? m.ip : null;
        Transaction t = hello ? s.newTransaction(Protocol.PROFINET_DCP, device, s.destinationMac(), deviceIp, null)
                : s.newTransaction(Protocol.PROFINET_DCP, requester, device, null, deviceIp);
        String action;
        Operation operation;
        if (service == DcpService.SET) {
            DcpBlock.SetAction set = DcpBlock.setAction(m.setBlocks);
            action = set.action();
            operation = set.operation();
        } else if (service != null) {
            action = service.action;
            operation = service.operation;
        } else {
            action = "service_" + m.serviceId;
            operation = Operation.OTHER;
            t.anomaly(DcpAnomaly.UNKNOWN_SERVICE);
        }
        t.action(action).operation(operation).function(m.serviceId).seen(response ? Seen.RESPONSE : Seen.REQUEST);
        if (response) {
            boolean ok = m.serviceType == 1 && m.blockError <= 0;
            t.outcome(ok ? Outcome.SUCCESS : Outcome.FAILURE);
            if (m.blockError > 0) {
                t.status(m.blockError);
            } else if (m.serviceType != 1) {
                t.status(m.serviceType);
            }
        }
        detail(t, m);
        s.emit(t);
        if (reportsIdentity(service, response)) {
            identity(s, m, service == DcpService.HELLO ? SOURCE_HELLO : service == DcpService.GET ? SOURCE_GET
                    : SOURCE_IDENTIFY, deviceIp, t.id());
        }
    }

    /** Identify and Get responses and Hello requests describe their sender. */
    private static boolean reportsIdentity(DcpService service, boolean response) {
        return (response && (service == DcpService.IDENTIFY || service == DcpService.GET))
                || (!response && service == DcpService.HELLO);
    }

    private static void detail(Transaction t, DcpMessage m) {
        t.detail()
                .put(ProfinetFields.FRAME_ID, (long) m.frameId)
                .put(ProfinetFields.SERVICE_ID, (long) m.serviceId)
                .put(ProfinetFields.SERVICE_TYPE, (long) m.serviceType)
                .put(ProfinetFields.XID, m.xid)
                .put(ProfinetFields.BLOCKS, m.blocks.isEmpty() ? null : List.copyOf(m.blocks))
                .put(ProfinetFields.STATION_NAME, m.stationName)
                .put(ProfinetFields.TYPE_OF_STATION, m.typeOfStation)
                .put(ProfinetFields.ALIAS_NAME, m.aliasName)
                .put(ProfinetFields.VENDOR_ID, m.vendorId < 0 ? null : (long) m.vendorId)
                .put(ProfinetFields.DEVICE_ID, m.deviceId < 0 ? null : (long) m.deviceId)
                .put(ProfinetFields.DEVICE_ROLE, m.roleBits < 0 ? null : DcpBlock.roles(m.roleBits))
                .put(ProfinetFields.IP_ADDRESS, m.ip)
                .put(ProfinetFields.SUBNET_MASK, m.subnetMask)
                .put(ProfinetFields.GATEWAY, m.gateway)
                .put(ProfinetFields.IP_BLOCK_INFO, m.ipBlockInfo < 0 ? null : (long) m.ipBlockInfo)
                .put(ProfinetFields.CONTROL, m.control)
                .put(ProfinetFields.BLOCK_ERROR, m.blockError > 0 ? (long) m.blockError : null);
    }

    private static void identity(LinkSession s, DcpMessage m, String source, String ip, String eventId) {
        String mac = s.sourceMac();
        s.identity(mac, ip, Fields.DEVICE_STATION_NAME, m.stationName, source, eventId);
        s.identity(mac, ip, Fields.DEVICE_MODEL_NAME, m.typeOfStation, source, eventId);
        if (m.vendorId >= 0) {
            s.identity(mac, ip, ProfinetFields.ASSET_VENDOR_ID, hex(m.vendorId), source, eventId);
            s.identity(mac, ip, ProfinetFields.ASSET_DEVICE_ID, hex(m.deviceId), source, eventId);
        }
        if (m.roleBits > 0) {
            s.identity(mac, ip, ProfinetFields.ASSET_ROLE, String.join(",", DcpBlock.roles(m.roleBits)), source, eventId);
        }
        if (ip != null) {
            s.identity(mac, ip, ProfinetFields.ASSET_SUBNET_MASK, m.subnetMask, source, eventId);
            s.identity(mac, ip, ProfinetFields.ASSET_GATEWAY, m.gateway, source, eventId);
        }
    }

    private static String hex(int v) {
        return String.format(Locale.ROOT, "0x%04x", v);
    }
}
