package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/**
 * LLDP ({@code lldp.*}) and CDP ({@code cdp.*}) advertisement fields (dataset {@code linewatch.link}), the identity
 * facts they give about the device that sent them ({@code device.*}), and where a device is attached to a switch
 * ({@code asset.attachment.*}, derived by the inventory). Sources: IEEE 802.1AB-2016 §8.5, Wireshark packet-lldp.c
 * and packet-cdp.c.
 */
public final class LinkFields {
    private LinkFields() {
    }

    public static final String DATASET = "linewatch.link";

    public static final String LLDP_CHASSIS_ID = declare("lldp.chassis_id", KEYWORD, "chassis id (MAC as aa:bb:.., names as text, else hex)");
    public static final String LLDP_CHASSIS_ID_SUBTYPE = declare("lldp.chassis_id_subtype", LONG,
            "1 chassis component, 2 interface alias, 3 port component, 4 MAC address, 5 network address, 6 interface name, 7 local");
    public static final String LLDP_PORT_ID = declare("lldp.port_id", KEYWORD, "port id the advertisement left by");
    public static final String LLDP_PORT_ID_SUBTYPE = declare("lldp.port_id_subtype", LONG,
            "1 interface alias, 2 port component, 3 MAC address, 4 network address, 5 interface name, 6 agent circuit id, 7 local");
    public static final String LLDP_TTL = declare("lldp.ttl", LONG, "time to live, seconds (0: the port shuts down)");
    public static final String LLDP_PORT_DESCRIPTION = declare("lldp.port_description", KEYWORD, "port description");
    public static final String LLDP_SYSTEM_NAME = declare("lldp.system_name", KEYWORD, "system name");
    public static final String LLDP_SYSTEM_DESCRIPTION = declare("lldp.system_description", KEYWORD, "system description");
    public static final String LLDP_CAPABILITIES = declare("lldp.capabilities", KEYWORD,
            "system capabilities (other, repeater, bridge, wlan_access_point, router, telephone, docsis, station, c_vlan, s_vlan, tpmr)");
    public static final String LLDP_CAPABILITIES_ENABLED = declare("lldp.capabilities_enabled", KEYWORD, "capabilities enabled");
    public static final String LLDP_MANAGEMENT_ADDRESS = declare("lldp.management_address", KEYWORD, "management addresses");

    public static final String CDP_VERSION = declare("cdp.version", LONG, "CDP version");
    public static final String CDP_TTL = declare("cdp.ttl", LONG, "hold time, seconds");
    public static final String CDP_DEVICE_ID = declare("cdp.device_id", KEYWORD, "device id (the sender's name)");
    public static final String CDP_PORT_ID = declare("cdp.port_id", KEYWORD, "the sender's port (GigabitEthernet0/1)");
    public static final String CDP_PLATFORM = declare("cdp.platform", KEYWORD, "platform (model)");
    public static final String CDP_SOFTWARE_VERSION = declare("cdp.software_version", KEYWORD, "software version text");
    public static final String CDP_CAPABILITIES = declare("cdp.capabilities", KEYWORD,
            "router, transparent_bridge, source_route_bridge, switch, host, igmp, repeater, voip_phone, remotely_managed, cvta, mac_relay");
    public static final String CDP_ADDRESSES = declare("cdp.addresses", KEYWORD, "addresses of the sender");
    public static final String CDP_MANAGEMENT_ADDRESSES = declare("cdp.management_addresses", KEYWORD, "management addresses");
    public static final String CDP_NATIVE_VLAN = declare("cdp.native_vlan", LONG, "native VLAN of the port");

    // identity of the sender
    public static final String DEVICE_DESCRIPTION = declare("device.description", KEYWORD,
            "what the device says it is (LLDP system description, CDP software version)");
    public static final String DEVICE_CAPABILITIES = declare("device.capabilities", KEYWORD,
            "capabilities it advertises as enabled (LLDP/CDP: bridge, router, switch, ...), comma separated");
    public static final String DEVICE_CHASSIS_ID = declare("device.chassis_id", KEYWORD, "its LLDP chassis id (CDP: device id)");
    public static final String DEVICE_PORT_ID = declare("device.port_id", KEYWORD, "its own port its advertisement left by");
    public static final String DEVICE_PORT_DESCRIPTION = declare("device.port_description", KEYWORD, "that port's description");
    public static final String DEVICE_MANAGEMENT_ADDRESS = declare("device.management_address", KEYWORD,
            "management address it advertises (LLDP/CDP)");

    // where it hangs off (derived by the inventory from the advertisements of both ends of a link)
    public static final String ATTACHMENT_SWITCH_ID = declare("asset.attachment.switch_id", KEYWORD, "asset id of the device at the other end of the link: the switch (or a device with switch ports)");
    public static final String ATTACHMENT_SWITCH_NAME = declare("asset.attachment.switch_name", KEYWORD, "its name (system name, else chassis id)");
    public static final String ATTACHMENT_PORT_ID = declare("asset.attachment.port_id", KEYWORD, "the port of that device it hangs off");
    public static final String ATTACHMENT_PORT_DESCRIPTION = declare("asset.attachment.port_description", KEYWORD, "that port's description");
    public static final String ATTACHMENT_PROTOCOL = declare("asset.attachment.protocol", KEYWORD, "lldp or cdp");
    public static final String ATTACHMENT_BASIS = declare("asset.attachment.basis", KEYWORD,
            "why: the two ends of one link were heard, or the only switch port heard on the segment");
}
