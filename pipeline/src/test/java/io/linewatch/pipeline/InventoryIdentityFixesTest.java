package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity and role fixes of issue 19, each on a public capture through the real pipeline (the same runs as
 * {@link InventoryCaptureTest}); the expected values were read with tshark.
 */
class InventoryIdentityFixesTest {
    @TempDir
    static Path out;

    private static EventDoc byIp(String capture, String ip) throws Exception {
        for (EventDoc d : InventoryCaptureTest.assets(capture, out)) {
            if (d.get(Fields.HOST_IP) instanceof List<?> ips && ips.contains(ip)) {
                return d;
            }
        }
        throw new AssertionError("no asset for " + ip + " in " + capture);
    }

    private static EventDoc byId(String capture, String id) throws Exception {
        for (EventDoc d : InventoryCaptureTest.assets(capture, out)) {
            if (id.equals(d.getString(Fields.ASSET_ID))) {
                return d;
            }
        }
        throw new AssertionError("no asset " + id + " in " + capture);
    }

    /** tshark: ListIdentity Product Code 58, Product Name "1756-ENBT/A". */
    @Test
    void cipProductCodeIsAProductCodeAndTheCatalogNumberIsTheModel() throws Exception {
        EventDoc enbt = byIp("enip/iti_enip_listidentity_1756-ENBT.pcap", "10.1.1.164");
        assertEquals("58", enbt.getString(Fields.DEVICE_PRODUCT_CODE));
        assertEquals("1756-ENBT/A", enbt.getString(Fields.DEVICE_MODEL_IDENTIFIER));
    }

    /** tshark: FC43/14 object 1 (ProductCode) "Protocol Parsing is fun!": not an order number. */
    @Test
    void modbusProductCodeTextIsNotAnOrderNumber() throws Exception {
        EventDoc d = byIp("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap", "127.0.0.1");
        assertNull(d.get(Fields.DEVICE_MODEL_IDENTIFIER));
        assertEquals("Protocol Parsing is fun!", d.getString(Fields.DEVICE_PRODUCT_CODE));
    }

    /**
     * 3.15.227.20 is seen only through 50:6a:03:ae:49:7d (a NETGEAR router) talking with 192.168.1.6, and answers
     * its one Modbus request with an exception: no NETGEAR vendor, not keyed by the router's MAC, and no role.
     */
    @Test
    void publicAddressBehindTheRouterInheritsNeitherVendorNorRole() throws Exception {
        EventDoc d = byIp("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap", "3.15.227.20");
        assertNull(d.get(Fields.DEVICE_MANUFACTURER), "router's OUI vendor given to a remote address");
        assertEquals("3.15.227.20", d.getString(Fields.ASSET_ID));
        assertEquals("unknown", d.getString(Fields.ASSET_ROLE));
        // a public address that only multicasts on the local segment (IGMP from 208.73.217.142) has no private peer:
        // nothing says it is remote, so its own MAC's vendor stays
        assertEquals("D-Link Corporation", byIp("enip/quickdraw_cl5000eip_firmware_change.pcap", "208.73.217.142")
                .getString(Fields.DEVICE_MANUFACTURER));
        // a plant numbered in public space keeps its OUI vendors (all peers public: on-link)
        assertEquals("Rockwell Automation", byIp("enip/iti_plant141_cip_multiservice_polling.pcap", "141.81.0.43")
                .getString(Fields.DEVICE_MANUFACTURER));
    }

    /**
     * tshark: Get_Attributes_All via Unconnected Send to 192.168.10.120 with route "Port: Backplane, Address: 0",
     * answered by 1756-L61/B LOGIX5561 (product code 54, revision 16.20, serial 0x0051823f).
     */
    @Test
    void controllerBehindItsModuleIsAnAsset() throws Exception {
        EventDoc l61 = byId("enip/quickdraw_cl5000eip_reboot_or_restart.pcap", "192.168.10.120/backplane/0");
        assertEquals("192.168.10.120", l61.getString(Fields.ASSET_PARENT_IP));
        assertEquals(0L, l61.getLong(Fields.DEVICE_BACKPLANE_SLOT));
        assertEquals("1756-L61/B", l61.getString(Fields.DEVICE_MODEL_IDENTIFIER));
        assertEquals("1756-L61/B LOGIX5561", l61.getString(Fields.DEVICE_MODEL_NAME));
        assertEquals("54", l61.getString(Fields.DEVICE_PRODUCT_CODE));
        assertEquals("16.20", l61.getString(Fields.DEVICE_FIRMWARE_VERSION));
        assertEquals("0x0051823f", l61.getString(Fields.DEVICE_SERIAL_NUMBER));
        assertEquals("plc", l61.getString(Fields.ASSET_ROLE));
        assertNull(l61.get(Fields.HOST_IP), "the controller has no address of its own");
        // it survives a restart (the inventory restored from assets.json), with its peers' functions elsewhere
        io.linewatch.inventory.AssetInventory restored = new io.linewatch.inventory.AssetInventory();
        List<EventDoc> before = InventoryCaptureTest.assets("enip/quickdraw_cl5000eip_reboot_or_restart.pcap", out);
        restored.restore(before);
        EventDoc again = restored.assets().stream()
                .filter(d -> "192.168.10.120/backplane/0".equals(d.getString(Fields.ASSET_ID))).findFirst().orElseThrow();
        assertEquals(l61.get(Fields.ASSET_PARENT_IP), again.get(Fields.ASSET_PARENT_IP));
        assertEquals(l61.get(Fields.DEVICE_BACKPLANE_SLOT), again.get(Fields.DEVICE_BACKPLANE_SLOT));
        assertEquals(l61.get(Fields.DEVICE_MODEL_IDENTIFIER), again.get(Fields.DEVICE_MODEL_IDENTIFIER));
        assertEquals(String.valueOf(byIp("enip/quickdraw_cl5000eip_reboot_or_restart.pcap", "192.168.10.105").get("asset.peers")),
                String.valueOf(restored.assets().stream().filter(d -> "00:1d:09:99:b2:2c".equals(d.getString(Fields.ASSET_ID)))
                        .findFirst().orElseThrow().get("asset.peers")));
        // and the module is not given the controller's identity
        EventDoc module = byIp("enip/quickdraw_cl5000eip_reboot_or_restart.pcap", "192.168.10.120");
        assertNull(module.get(Fields.DEVICE_MODEL_NAME));
    }

    /**
     * tshark frames 193 and 429: Get_Attribute_List of Identity attributes 1-7 over connection 0x80fe0017, opened by a
     * Forward_Open (frame 95) whose connection path is "Port: Backplane, Address: 0": the L61's identity, confirmed over
     * the connection (the last confirmation, 21:47:28), never the module's.
     */
    @Test
    void identityReadOverAConnectionBelongsToTheControllerItsPathLeadsTo() throws Exception {
        EventDoc l61 = byId("enip/quickdraw_cl5000eip_reboot_or_restart.pcap", "192.168.10.120/backplane/0");
        assertEquals("cip.identity.get_attribute_list",
                ((java.util.Map<?, ?>) l61.get(Fields.ASSET_IDENTITY_SOURCE)).get(Fields.DEVICE_MODEL_IDENTIFIER));
        assertEquals("Programmable Logic Controller", l61.getString(Fields.DEVICE_TYPE));
        assertEquals("2008-10-23T21:47:28.203839Z", l61.getString(Fields.ASSET_LAST_SEEN));
        assertNull(byIp("enip/quickdraw_cl5000eip_reboot_or_restart.pcap", "192.168.10.120").get(Fields.DEVICE_TYPE));
    }

    /**
     * tshark: Device Type: Communications Adapter (0x000c), "1756-ENBT/A", in the ListIdentity capture and in the
     * firmware capture (Get_Attributes_All after the update): a communication module, not a PLC; in the firmware
     * capture the 5245 NVS (class 0xA1) requests it received are on record as the firmware it was sent.
     */
    @Test
    void aCommunicationsAdapterIsACommunicationModuleAndItsFirmwareTransferIsRecorded() throws Exception {
        EventDoc listed = byIp("enip/iti_enip_listidentity_1756-ENBT.pcap", "10.1.1.164");
        assertEquals("communication_module", listed.getString(Fields.ASSET_ROLE));
        assertEquals("Communications Adapter", listed.getString(Fields.DEVICE_TYPE));
        EventDoc flashed = byIp("enip/quickdraw_cl5000eip_firmware_change.pcap", "192.168.10.120");
        assertEquals("communication_module", flashed.getString(Fields.ASSET_ROLE));
        String evidence = String.valueOf(flashed.get("asset.role_evidence"));
        assertTrue(evidence.contains("receives firmware operations (service_0x4b x1, service_0x4d x5243, service_0x51 x1)"
                + " from 192.168.10.105"), evidence);
    }

    /** tshark: SZL 0x001c "Name of the module" PLC_1, "Name of the PLC" S7300/ET200M station_1. */
    @Test
    void s7StationAndPlcNames() throws Exception {
        EventDoc plc = byIp("s7comm/cisa_snap7_s300_stop_upload_szl.pcap", "134.217.61.211");
        assertEquals("PLC_1", plc.getString(Fields.HOST_NAME));
        assertEquals("S7300/ET200M station_1", plc.getString(Fields.DEVICE_STATION_NAME));
    }

    /**
     * The TIA Portal station 192.168.1.10 (90:e6:ba:84:5e:41) downloads DB1, uploads OB1 over S7comm-plus and
     * browses SZLs in three captures: an engineering workstation in each, never hmi or it_host.
     */
    @Test
    void tiaPortalStationIsAnEngineeringWorkstationInEveryCapture() throws Exception {
        for (String capture : List.of("s7comm/wswiki_s7comm_downloading_block_db1.pcap",
                "s7comm/wswiki_s7plus_v2_s71200_upload_ob1_tia12.pcap", "s7comm/wswiki_s7comm_reading_plc_status_szl.pcap")) {
            EventDoc pg = byIp(capture, "192.168.1.10");
            assertEquals("engineering_workstation", pg.getString(Fields.ASSET_ROLE), capture);
        }
        // in the download the PLC requests the blocks (download_block): still the PLC, and the PG does not "serve"
        EventDoc plc = byIp("s7comm/wswiki_s7comm_downloading_block_db1.pcap", "192.168.1.40");
        assertEquals("plc", plc.getString(Fields.ASSET_ROLE));
        EventDoc pg = byIp("s7comm/wswiki_s7comm_downloading_block_db1.pcap", "192.168.1.10");
        assertTrue(String.valueOf(pg.get("asset.role_evidence")).contains("download_block"));
        assertTrue(!String.valueOf(pg.get("asset.role_evidence")).contains("serves s7comm"));
        // the WinCC station re-reading one SZL on a cycle stays an HMI
        assertEquals("hmi", byIp("s7comm/gymgit_wincc_s400_production.pcapng", "194.250.63.239").getString(Fields.ASSET_ROLE));
    }

    /** Peers carry the functions used with them (the communication matrix reads them). */
    @Test
    void peersCarryTheirFunctions() throws Exception {
        EventDoc pg = byIp("enip/iti_cip_stop_plc_single.pcap", "192.168.1.69");
        assertNotNull(pg.get("asset.peers"));
        assertTrue(String.valueOf(pg.get("asset.peers")).contains("functions=[stop]"), String.valueOf(pg.get("asset.peers")));
    }
}
