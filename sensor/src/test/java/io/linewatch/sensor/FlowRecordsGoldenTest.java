package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.testkit.Golden;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flow records of whole captures against hand-reviewed golden files. Reviewed against
 * {@code tshark -q -z conv,tcp -z conv,udp}: per-direction packets and bytes agree for every conversation;
 * in the Zeek port-502 capture tshark shows one conversation for 198.74.56.135:60293 where we show two,
 * because data arrived 16 s after the connection was reset (a scanner's second probe).
 */
class FlowRecordsGoldenTest {
    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {
        "s7comm/cisa_s7comm_plus_linux_sll.pcap",            // Linux cooked capture, mid-stream connections
        "modbus/zeek_modbus_and_non_modbus_on_port502.pcap", // FIN, RST, timestamps spanning 19 years
        "enip/cisa_set_attribute_single_vlan.pcapng",        // 802.1Q tag, pcapng
    })
    void flowRecordsMatchGolden(String capture) throws IOException {
        TestData.Result r = TestData.run("analyze", TestData.capture(capture).toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        List<EventDoc> flows = Files.readAllLines(out.resolve("events.ndjson")).stream().map(Json::readDoc)
                .filter(d -> Values.DATASET_FLOW.equals(d.getString(Fields.EVENT_DATASET))).toList();
        Golden.assertMatches("flows/" + Path.of(capture).getFileName() + ".ndjson", flows);
    }
}
