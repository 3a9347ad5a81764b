package io.linewatch.dissectors.enip;

import static io.linewatch.dissectors.enip.EnipBytes.io;
import static io.linewatch.dissectors.enip.EnipBytes.sendRRData;
import static io.linewatch.dissectors.enip.EnipBytes.sockaddr;
import static io.linewatch.testkit.WireFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.WireFeeder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Implicit I/O where the Forward_Open put it (Sockaddr Info items, not only UDP 2222), the class 1 CIP sequence count
 * inside the I/O data, and service 0x52 read in the scope of the object it addresses.
 */
class CipIoEndpointTest {
    static final String SCANNER = "10.0.0.1";
    static final String ADAPTER = "10.0.0.2";
    static final int O_T_PORT = 5000;
    static final int T_O_PORT = 4660;
    static final long O_T_ID = 0x22222222L;
    static final long T_O_ID = 0x11111111L;

    /** The test's Forward_Open with the transport/trigger byte set to {@code transport}. */
    private static byte[] forwardOpen(int transport) {
        byte[] fo = EnipDissectorTest.FORWARD_OPEN.clone();
        fo[fo.length - 8] = (byte) transport; // transport type/trigger, before path size and the 6-byte path
        return fo;
    }

    /** Class 1 I/O data: CIP sequence count(2), run/idle header(4), two bytes of data. */
    private static byte[] classOneData(int cipSequence) {
        return bytes(cipSequence & 0xFF, cipSequence >> 8, 0x01, 0x00, 0x00, 0x00, 0xAA, 0xBB);
    }

    /**
     * A scanner opens a class 1 connection asking for its T->O data on port 4660 (T->O Sockaddr Info in the request,
     * address 0.0.0.0: its own); the adapter answers that it takes O->T data on port 5000 (O->T item in the reply).
     */
    private static WireFeeder openWithEndpoints(int transport) {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(SCANNER, 50005, ADAPTER, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 3, forwardOpen(transport), sockaddr(0x8001, T_O_PORT, 0, 0, 0, 0)));
        c.toClient(2_100, sendRRData(1, 3, EnipDissectorTest.FORWARD_OPEN_REPLY, sockaddr(0x8000, O_T_PORT, 0, 0, 0, 0)));
        return w;
    }

    private static EventDoc summary(WireFeeder w, String direction) {
        return w.protocol("cip_io").stream().filter(e -> direction.equals(e.getString(CipFields.IO_DIRECTION)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + direction + " summary in " + w.protocol("cip_io")));
    }

    @Test
    void ioOnTheNegotiatedPortsIsDissectedAndItsCipSequenceCountChecked() {
        WireFeeder w = openWithEndpoints(0x01);
        // T->O: CIP sequence counts 1, 2, 2 (same data again), 5 (3 and 4 never seen)
        int[] counts = {1, 2, 2, 5};
        for (int i = 0; i < counts.length; i++) {
            w.udp(10_000 + i * 10_000L, ADAPTER, 2222, SCANNER, T_O_PORT, io(T_O_ID, i + 1, classOneData(counts[i])));
        }
        // O->T from an ephemeral port to the adapter's negotiated port: counts advance by one
        for (int i = 0; i < 3; i++) {
            w.udp(15_000 + i * 10_000L, SCANNER, 61000, ADAPTER, O_T_PORT, io(O_T_ID, i + 1, classOneData(7 + i)));
        }
        w.finish();
        EventDoc fo = w.protocol("cip").get(0);
        assertEquals("forward_open", fo.getString(Fields.EVENT_ACTION));
        assertEquals(ADAPTER + ":" + O_T_PORT, fo.getString(CipFields.CONNECTION_O_T_ENDPOINT));
        assertEquals(SCANNER + ":" + T_O_PORT, fo.getString(CipFields.CONNECTION_T_O_ENDPOINT));

        EventDoc in = summary(w, "t_o");
        assertEquals(4L, in.getLong(CipFields.IO_PACKETS));
        assertEquals(1L, in.getLong(CipFields.IO_CIP_SEQUENCE_GAPS));
        assertEquals(2L, in.getLong(CipFields.IO_CIP_SEQUENCE_LOST));
        assertEquals(1L, in.getLong(CipFields.IO_CIP_SEQUENCE_REPEATS));
        assertEquals(0L, in.getLong(CipFields.IO_SEQUENCE_GAPS)); // the encapsulation sequence has no gap
        assertEquals(List.of("io_cip_sequence_gap", "io_cip_sequence_repeat"), in.get(Fields.OT_ANOMALIES));
        assertEquals(fo.id(), in.getString(CipFields.CONNECTION_FORWARD_OPEN_EVENT_ID));

        EventDoc out = summary(w, "o_t");
        assertEquals(3L, out.getLong(CipFields.IO_PACKETS));
        assertEquals(0L, out.getLong(CipFields.IO_CIP_SEQUENCE_GAPS));
        assertEquals(0L, out.getLong(CipFields.IO_CIP_SEQUENCE_REPEATS));
        assertNull(out.get(Fields.OT_ANOMALIES));
        assertEquals(SCANNER, out.getString(Fields.SOURCE_IP));
        for (EventDoc e : w.transactions()) {
            assertEquals(List.of(), Schema.problems(e.asMap()));
        }
    }

    @Test
    void theCipSequenceCountWrapsAndGoingBackIsOutOfOrder() {
        WireFeeder w = openWithEndpoints(0x01);
        int[] counts = {0xFFFE, 0xFFFF, 0x0000, 0x0001, 0xFFF0};
        for (int i = 0; i < counts.length; i++) {
            w.udp(10_000 + i * 10_000L, ADAPTER, 2222, SCANNER, 2222, io(T_O_ID, i + 1, classOneData(counts[i])));
        }
        w.finish();
        EventDoc in = summary(w, "t_o");
        assertEquals(0L, in.getLong(CipFields.IO_CIP_SEQUENCE_GAPS));
        assertEquals(1L, in.getLong(CipFields.IO_CIP_SEQUENCE_OUT_OF_ORDER));
        assertEquals(List.of("io_cip_sequence_out_of_order"), in.get(Fields.OT_ANOMALIES));
    }

    @Test
    void classZeroDataHasNoCipSequenceCount() {
        WireFeeder w = openWithEndpoints(0x00);
        for (int i = 0; i < 3; i++) {
            w.udp(10_000 + i * 10_000L, ADAPTER, 2222, SCANNER, T_O_PORT, io(T_O_ID, i + 1, bytes(0xAA, 0xBB)));
        }
        w.finish();
        EventDoc in = summary(w, "t_o");
        assertEquals(3L, in.getLong(CipFields.IO_PACKETS));
        assertNull(in.get(CipFields.IO_CIP_SEQUENCE_GAPS));
    }

    @Test
    void withoutTheForwardOpenOtherPortsAreNotTakenForIo() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        for (int i = 0; i < 3; i++) {
            w.udp(10_000 + i * 10_000L, ADAPTER, 2222, SCANNER, T_O_PORT, io(T_O_ID, i + 1, classOneData(i)));
            w.udp(10_000 + i * 10_000L, ADAPTER, 40001, SCANNER, T_O_PORT, io(T_O_ID, i + 1, classOneData(i)));
        }
        w.finish();
        // the flow from source port 2222 is I/O by its port; without a Forward_Open its class (and count) is unknown
        EventDoc only = w.only("cip_io");
        assertTrue(only.getLong(Fields.SOURCE_PORT) == 2222L || only.getLong(Fields.DESTINATION_PORT) == 2222L);
        assertNull(only.get(CipFields.IO_CIP_SEQUENCE_GAPS));
    }

    @Test
    void service0x52IsReadInTheScopeOfTheObjectItAddresses() {
        // 0x52 on a symbolic tag path: Read_Tag_Fragmented (Logix); elements(2) offset(4)
        byte[] readFragmented = bytes(0x52, 0x03, 0x91, 0x04, 'T', 'a', 'n', 'k', 0x01, 0x00, 0x00, 0x00, 0x00, 0x00);
        // 0x52 on the Symbol class 0x6B, instance 5: Read_Tag_Fragmented too
        byte[] onSymbolClass = bytes(0x52, 0x02, 0x20, 0x6B, 0x24, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00);
        // 0x52 on the Connection Manager (class 6, instance 1): Unconnected Send, its message recorded as the service
        byte[] unconnectedSend = bytes(0x52, 0x02, 0x20, 0x06, 0x24, 0x01,
                0x0A, 0x0E,                                 // priority/time tick, timeout ticks
                0x08, 0x00,                                 // embedded message size: 8
                0x0E, 0x03, 0x20, 0x01, 0x24, 0x01, 0x30, 0x07, // Get_Attribute_Single identity 1 attribute 7
                0x01, 0x00, 0x01, 0x00);                    // route: 1 word, reserved, port 1 slot 0
        // 0x52 on the Assembly object (class 4): object specific, no name known
        byte[] onAssembly = bytes(0x52, 0x02, 0x20, 0x04, 0x24, 0x65);
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(SCANNER, 50010, ADAPTER, 44818).handshake(1_000);
        byte[][] requests = {readFragmented, onSymbolClass, unconnectedSend, onAssembly};
        for (int i = 0; i < requests.length; i++) {
            c.toServer(2_000 + i * 100L, sendRRData(1, 10 + i, requests[i]));
        }
        w.finish();
        List<EventDoc> cip = w.protocol("cip");
        assertEquals(List.of("read_tag_fragmented", "read_tag_fragmented", "get_attribute_single", "service_0x52"),
                cip.stream().map(e -> e.getString(Fields.EVENT_ACTION)).toList());
        assertEquals(List.of("read", "read", "read", "other"),
                cip.stream().map(e -> e.getString(Fields.OT_OPERATION)).toList());
        assertEquals("Tank", cip.get(0).getString(CipFields.SYMBOL));
        assertEquals(List.of("unconnected_send"), cip.get(2).get(CipFields.WRAPPERS));
        assertEquals("1/0", cip.get(2).getString(CipFields.ROUTE_PATH));
        assertEquals(Arrays.asList(0x52L, 0x52L, 0x0EL, 0x52L),
                cip.stream().map(e -> e.getLong(CipFields.SERVICE)).toList());
    }
}
