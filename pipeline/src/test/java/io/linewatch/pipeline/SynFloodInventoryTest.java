package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.Json;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, defect 3, end to end: 100,000 spoofed SYN sources (more than the 65,536 host slots) and then three
 * genuine Modbus hosts. Sources that only sent a SYN are not assets; the three are.
 */
class SynFloodInventoryTest {
    @TempDir
    Path tmp;

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;

    private long clock = 1_700_000_000_000_000_000L;
    private final Frame frame = new Frame();

    private void send(Pipeline p, int src, int sport, int dst, int dport, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload.length);
        b.put(new byte[] {0, 0x1b, 0x1b, 1, 2, 3, 0, 0x0e, (byte) 0x8c, 4, 5, 6}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack).put((byte) 0x50)
                .put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
        byte[] bytes = b.array();
        frame.set(clock += 1_000, LinkTypes.ETHERNET, bytes, 0, bytes.length, bytes.length);
        p.process(frame);
    }

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private void modbusConversation(Pipeline p, int client, int server) {
        send(p, client, 40000, server, 502, 100, 0, SYN, new byte[0]);
        send(p, server, 502, client, 40000, 900, 101, SYN | ACK, new byte[0]);
        send(p, client, 40000, server, 502, 101, 901, ACK, new byte[0]);
        byte[] request = {0, 1, 0, 0, 0, 6, 1, 6, 0, 10, 0, 42}; // write single register 10 := 42
        send(p, client, 40000, server, 502, 101, 901, PSH | ACK, request);
        send(p, server, 502, client, 40000, 901, 113, PSH | ACK, request); // echoed
    }

    @Test
    void spoofedSynSourcesAreNotAssetsAndGenuineModbusHostsAre() throws Exception {
        Path out = tmp.resolve("out");
        try (Journal journal = new Journal(out, true)) {
            Pipeline p = new Pipeline(journal, io.linewatch.rules.RuleEngine.compile(null, List.of()), null);
            int plc = ip(10, 0, 0, 2);
            for (int i = 0; i < 100_000; i++) {
                send(p, ip(172, 16 + (i >>> 16), (i >>> 8) & 0xff, i & 0xff), 1024 + (i & 0x7fff), plc, 502, i, 0, SYN,
                        new byte[0]);
            }
            modbusConversation(p, ip(10, 0, 0, 1), plc);
            modbusConversation(p, ip(10, 0, 0, 3), ip(10, 0, 0, 4));
            p.finish();
            assertTrue(p.assets() < 10, "assets " + p.assets());
        }
        Set<String> ips = new HashSet<>();
        for (Object o : (List<?>) Json.read(Files.readString(out.resolve("assets.json")))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> host = (Map<String, Object>) ((Map<String, Object>) o).get("host");
            ips.add(String.valueOf(((List<?>) host.get("ip")).get(0)));
        }
        assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"), ips);
    }
}
