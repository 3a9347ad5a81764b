package io.linewatch.inventory;

import static io.linewatch.inventory.SyntheticEvents.SECOND;
import static io.linewatch.inventory.SyntheticEvents.T0;
import static io.linewatch.inventory.SyntheticEvents.flow;
import static io.linewatch.inventory.SyntheticEvents.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Role classification from behaviour, over synthetic transactions and flow records shaped as SCHEMA.md describes. */
class RoleClassificationTest {
    private final AssetInventory inv = new AssetInventory();

    private void hosts(String... ips) {
        for (String ip : ips) {
            inv.sighting(T0, ip, null, -1);
        }
    }

    private EventDoc asset(String ip) {
        for (EventDoc d : inv.assets()) {
            if (((List<?>) d.get(Fields.HOST_IP)).contains(ip)) {
                return d;
            }
        }
        throw new AssertionError("no asset for " + ip);
    }

    @SuppressWarnings("unchecked")
    private static String evidence(EventDoc d) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> e : (List<Map<String, Object>>) d.get(AssetFields.ASSET_ROLE_EVIDENCE)) {
            b.append(e.get("role")).append(':').append(e.get("reason")).append('\n');
        }
        return b.toString();
    }

    @Test
    void cyclicPollerIsHmiAndTheServerIsPlc() {
        hosts("10.0.0.10", "10.0.0.5");
        for (int i = 0; i < 20; i++) {
            // one read every second, with a few milliseconds of jitter
            Transaction e = transaction(T0 + i * SECOND + (i % 3) * 2_000_000L, "10.0.0.10", "10.0.0.5", "modbus",
                    "read_holding_registers", Values.OP_READ);
            e.objects(ObjectRef.range("holding_registers", 100, 10));
            inv.transaction(e);
        }
        inv.transaction(transaction(T0 + 30 * SECOND, "10.0.0.10", "10.0.0.5", "modbus", "write_single_register", Values.OP_WRITE));
        EventDoc hmi = asset("10.0.0.10");
        assertEquals("hmi", hmi.getString(Fields.ASSET_ROLE), evidence(hmi));
        assertTrue(evidence(hmi).contains("polls cyclically: 10.0.0.5 modbus read_holding_registers every 1.00 s (n=20"), evidence(hmi));
        EventDoc plc = asset("10.0.0.5");
        assertEquals("plc", plc.getString(Fields.ASSET_ROLE));
        assertTrue(evidence(plc).contains("serves modbus to 1 client (21 transactions)"), evidence(plc));
    }

    @Test
    void irregularRequestsAreNotPolling() {
        hosts("10.0.0.10", "10.0.0.5");
        long[] offsets = {0, 1, 7, 8, 30, 31, 90}; // seconds: bursts, no cycle
        for (long s : offsets) {
            inv.transaction(transaction(T0 + s * SECOND, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        }
        EventDoc client = asset("10.0.0.10");
        assertEquals("unknown", client.getString(Fields.ASSET_ROLE), evidence(client));
    }

    @Test
    void programmingAndStoppingIsEngineeringWorkstation() {
        hosts("10.0.0.20", "10.0.0.5");
        inv.transaction(transaction(T0, "10.0.0.20", "10.0.0.5", "s7comm", "read_szl", Values.OP_DIAGNOSTIC));
        inv.transaction(transaction(T0 + SECOND, "10.0.0.20", "10.0.0.5", "s7comm", "plc_stop", Values.OP_CONTROL));
        inv.transaction(transaction(T0 + 2 * SECOND, "10.0.0.20", "10.0.0.5", "s7comm", "program_download", Values.OP_PROGRAM));
        EventDoc ews = asset("10.0.0.20");
        assertEquals("engineering_workstation", ews.getString(Fields.ASSET_ROLE));
        String why = evidence(ews);
        assertTrue(why.contains("sends control operations (plc_stop x1) to 10.0.0.5"), why);
        assertTrue(why.contains("sends program operations (program_download x1) to 10.0.0.5"), why);
        assertTrue(why.contains("reads diagnostics (read_szl x1)"), why);
        EventDoc plc = asset("10.0.0.5");
        assertEquals("plc", plc.getString(Fields.ASSET_ROLE));
        assertTrue(evidence(plc).contains("receives program operations (program_download x1) from 10.0.0.20"), evidence(plc));
    }

    @Test
    void printerOnTheControlsVlanIsItHost() {
        hosts("10.0.0.30", "10.0.0.10", "10.0.0.5");
        inv.flowEnded(flow(T0, T0 + SECOND, "10.0.0.10", "10.0.0.30", "tcp", 9100, 40, 20));
        inv.flowEnded(flow(T0, T0 + SECOND, "10.0.0.10", "10.0.0.5", "tcp", 502, 40, 20));
        EventDoc printer = asset("10.0.0.30");
        assertEquals("it_host", printer.getString(Fields.ASSET_ROLE));
        assertTrue(evidence(printer).contains("serves printing (jetdirect) to 10.0.0.10: a printer"), evidence(printer));
        EventDoc plc = asset("10.0.0.5");
        assertEquals("plc", plc.getString(Fields.ASSET_ROLE), evidence(plc));
        assertTrue(evidence(plc).contains("accepts modbus connections from 1 client (1 flow; protocol known by port only)"));
    }

    @Test
    void broadcastIsNoPeerButTheServiceCounts() {
        hosts("10.0.0.2");
        // a DHCP server answering the broadcast address (the flow's other end is no device)
        inv.flowEnded(flow(T0, T0 + SECOND, "255.255.255.255", "10.0.0.2", "udp", 67, 2, 1));
        EventDoc server = asset("10.0.0.2");
        assertEquals(List.of(), server.get(AssetFields.ASSET_PEERS));
        assertTrue(evidence(server).contains("serves office/IT services (dhcp)"), evidence(server));
        assertEquals(1, inv.assets().size(), "no asset for the broadcast address");
    }

    @Test
    void unansweredConnectionIsNotAService() {
        hosts("10.0.0.10", "10.0.0.40");
        inv.flowEnded(flow(T0, T0 + SECOND, "10.0.0.10", "10.0.0.40", "tcp", 502, 3, 0)); // SYNs only: a scan
        assertEquals("unknown", asset("10.0.0.40").getString(Fields.ASSET_ROLE));
    }

    @Test
    void implicitIoTargetThatOnlyServesIsIoAdapter() {
        hosts("192.168.1.22", "192.168.1.24");
        inv.transaction(transaction(T0, "192.168.1.24", "192.168.1.22", "cip", "forward_open", Values.OP_SESSION));
        inv.flowEnded(flow(T0, T0 + 10 * SECOND, "192.168.1.24", "192.168.1.22", "udp", 2222, 400, 30));
        EventDoc adapter = asset("192.168.1.22");
        assertEquals("io_adapter", adapter.getString(Fields.ASSET_ROLE), evidence(adapter));
        EventDoc scanner = asset("192.168.1.24");
        assertEquals("plc", scanner.getString(Fields.ASSET_ROLE), evidence(scanner));
        assertTrue(evidence(scanner).contains("opens industrial connections (a scanner)"), evidence(scanner));
    }

    @Test
    void readOnlyCollectorOfManyControllersIsHistorian() {
        hosts("10.0.0.50", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        for (String plc : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
            inv.transaction(transaction(T0, "10.0.0.50", plc, "enip", "read_tag", Values.OP_READ));
        }
        inv.flowEnded(flow(T0, T0 + SECOND, "10.0.0.60", "10.0.0.50", "tcp", 1433, 10, 5));
        EventDoc historian = asset("10.0.0.50");
        assertEquals("historian", historian.getString(Fields.ASSET_ROLE), evidence(historian));
        assertTrue(evidence(historian).contains("reads from 3 servers and never writes"));
    }

    @Test
    void officeTrafficOnlyIsItHostAndNothingIsUnknown() {
        hosts("10.0.0.70", "10.0.0.71", "10.0.0.99");
        inv.flowEnded(flow(T0, T0 + SECOND, "10.0.0.70", "10.0.0.71", "tcp", 445, 10, 5));
        inv.flowEnded(flow(T0, T0 + SECOND, "10.0.0.70", "10.0.0.71", "udp", 53, 2, 1));
        EventDoc pc = asset("10.0.0.70");
        assertEquals("it_host", pc.getString(Fields.ASSET_ROLE));
        assertTrue(evidence(pc).contains("uses office/IT services (dns, smb)"), evidence(pc));
        assertEquals("unknown", asset("10.0.0.99").getString(Fields.ASSET_ROLE));
        assertEquals(List.of(), asset("10.0.0.99").get(AssetFields.ASSET_ROLE_EVIDENCE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void communicationMapListsPeersProtocolsRolesAndTimes() {
        hosts("10.0.0.10", "10.0.0.5");
        inv.transaction(transaction(T0, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        inv.transaction(transaction(T0 + 5 * SECOND, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        inv.flowEnded(flow(T0, T0 + 6 * SECOND, "10.0.0.10", "10.0.0.5", "tcp", 502, 8, 4));
        List<Map<String, Object>> peers = (List<Map<String, Object>>) asset("10.0.0.5").get(AssetFields.ASSET_PEERS);
        assertEquals(1, peers.size());
        Map<String, Object> p = peers.get(0);
        assertEquals("10.0.0.10", p.get("ip"));
        assertEquals("modbus", p.get("protocol"));
        assertEquals("server", p.get("as"));
        assertEquals(2L, p.get("transactions"));
        assertEquals(1L, p.get("flows"));
        assertEquals("2020-09-13T12:26:40.000000Z", p.get("first_seen"));
        assertEquals("2020-09-13T12:26:46.000000Z", p.get("last_seen"));
        List<Map<String, Object>> protocols = (List<Map<String, Object>>) asset("10.0.0.5").get(Fields.ASSET_PROTOCOLS);
        // the dissector's word outranks the port guess for the same protocol and role
        assertEquals(List.of(Map.of("protocol", "modbus", "as", "server", "identified_by", "dissector")), protocols);
    }

    @Test
    void peersPerHostAreCappedAndCounted() {
        hosts("10.0.0.5");
        for (int i = 0; i < AssetInventory.MAX_PEERS + 10; i++) {
            String client = "10.1." + (i / 250) + "." + (i % 250);
            hosts(client);
            inv.transaction(transaction(T0, client, "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        }
        assertEquals(AssetInventory.MAX_PEERS, ((List<?>) asset("10.0.0.5").get(AssetFields.ASSET_PEERS)).size());
        assertEquals(10L, inv.counters().get("inventory.peers_dropped"));
    }
}
