package io.linewatch.inventory;

import static io.linewatch.inventory.SyntheticEvents.SECOND;
import static io.linewatch.inventory.SyntheticEvents.T0;
import static io.linewatch.inventory.SyntheticEvents.flow;
import static io.linewatch.inventory.SyntheticEvents.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Transaction;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link AssetInventory#role} keeps its decision until something the role is decided from changes: asked after every
 * event, it must always equal the role decided afresh, and a repeated poll must not be decided again.
 */
class RoleCacheTest {
    private static final List<String> IPS = List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");
    private static final List<String> OPERATIONS = List.of(Values.OP_READ, Values.OP_WRITE, Values.OP_DIAGNOSTIC,
            Values.OP_PROGRAM, Values.OP_CONTROL, Values.OP_SESSION);
    private static final List<String> ACTIONS = List.of("read_coils", "read_szl", "list_blocks", "get_block_info",
            "list_blocks_of_type", "plc_password", "write_single_register", "download_block", "program_download");
    private static final List<String> PROTOCOLS = List.of("modbus", "s7comm", "enip", "cip");
    private static final int[] PORTS = {502, 102, 9100, 445, 53, 2222, 1433, 44818};

    private final AssetInventory inv = new AssetInventory();

    private void assertCachedRolesAreFresh(String after) {
        for (String ip : IPS) {
            assertEquals(inv.freshRole(ip), inv.role(ip), ip + " after " + after);
        }
    }

    @Test
    void cachedRoleEqualsAFreshDecisionAfterEveryEvent() {
        Random random = new Random(12);
        hosts(IPS.toArray(new String[0]));
        long ts = T0;
        for (int i = 0; i < 4_000; i++) {
            String client = IPS.get(random.nextInt(IPS.size()));
            String server = IPS.get(random.nextInt(IPS.size()));
            // mostly regular steps (polls become cycles), sometimes a jump (cycles become irregular)
            ts += random.nextInt(10) == 0 ? random.nextInt(30) * SECOND : SECOND;
            String event;
            switch (random.nextInt(10)) {
                case 0 -> {
                    inv.flowEnded(flow(ts - 90 * SECOND, ts, client, server, random.nextBoolean() ? "tcp" : "udp",
                            PORTS[random.nextInt(PORTS.length)], 50 + random.nextInt(100), random.nextInt(3)));
                    event = "flow " + i;
                }
                case 1 -> {
                    inv.accept(new IdentityFact(ts, server, null, Fields.DEVICE_TYPE,
                            random.nextBoolean() ? "Communications Adapter" : "Programmable Logic Controller",
                            "cip.identity", "e" + i));
                    event = "identity " + i;
                }
                default -> {
                    Transaction t = transaction(ts, client, server, PROTOCOLS.get(random.nextInt(PROTOCOLS.size())),
                            ACTIONS.get(random.nextInt(ACTIONS.size())), OPERATIONS.get(random.nextInt(OPERATIONS.size())));
                    t.objects(ObjectRef.range("holding_registers", random.nextInt(3), 10));
                    if (random.nextInt(4) == 0) {
                        t.outcome(Outcome.FAILURE);
                    }
                    inv.transaction(t);
                    event = "transaction " + i;
                }
            }
            assertCachedRolesAreFresh(event);
        }
    }

    private void hosts(String... ips) {
        for (String ip : ips) {
            inv.sighting(T0, ip, null, -1);
        }
    }

    /** Feeds {@code events} transactions of {@code ip}: its role is unknown until the {@code nth}, then {@code role}. */
    private void assertDecidedAt(String ip, int nth, AssetRole role, int events, IntFunction<Transaction> event) {
        for (int i = 1; i <= events; i++) {
            inv.transaction(event.apply(i));
            assertEquals(i < nth ? AssetRole.UNKNOWN : role, inv.role(ip), "after transaction " + i);
        }
    }

    @Test
    void aPollerBecomesHmiWhenItsCycleTurnsRegularAndNotBefore() {
        hosts("10.0.0.10", "10.0.0.5");
        // the sixth poll makes the fifth interval (RoleClassifier.CYCLE_MIN_INTERVALS)
        assertDecidedAt("10.0.0.10", RoleClassifier.CYCLE_MIN_INTERVALS + 1, AssetRole.HMI, 12,
                i -> transaction(T0 + i * SECOND, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        // a long pause makes the intervals irregular: no longer a cycle
        inv.transaction(transaction(T0 + 200 * SECOND, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        assertEquals(AssetRole.UNKNOWN, inv.role("10.0.0.10"));
    }

    @Test
    void aServerAnsweringOnlyWithErrorsIsDecidedAgainWhenItAnswers() {
        hosts("10.0.0.10", "10.0.0.5");
        inv.transaction(transaction(T0, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ)
                .outcome(Outcome.FAILURE));
        assertEquals(AssetRole.UNKNOWN, inv.role("10.0.0.5"), "errors only are too weak a hint");
        inv.transaction(transaction(T0 + SECOND, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
        assertEquals(AssetRole.PLC, inv.role("10.0.0.5"));
    }

    @Test
    void aReaderOfAThirdServerBecomesHistorian() {
        hosts("10.0.0.50", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertDecidedAt("10.0.0.50", RoleClassifier.HISTORIAN_MIN_SERVERS, AssetRole.HISTORIAN, 3,
                i -> transaction(T0 + i * SECOND, "10.0.0.50", "10.0.0." + i, "enip", "read_tag", Values.OP_READ));
    }

    @Test
    void aPasswordFunctionAfterOtherSessionFunctionsMakesAnEngineeringWorkstation() {
        hosts("10.0.0.20", "10.0.0.5");
        inv.transaction(transaction(T0, "10.0.0.20", "10.0.0.5", "s7comm", "setup_communication", Values.OP_SESSION));
        assertEquals(AssetRole.UNKNOWN, inv.role("10.0.0.20"));
        inv.transaction(transaction(T0 + SECOND, "10.0.0.20", "10.0.0.5", "s7comm", "plc_password", Values.OP_SESSION));
        assertEquals(AssetRole.ENGINEERING_WORKSTATION, inv.role("10.0.0.20"));
    }

    @Test
    void aSixthBrowsingRequestMakesAnEngineeringWorkstation() {
        hosts("10.0.0.20", "10.0.0.5");
        // one S7 SZL read per list: each a different request, none repeated
        assertDecidedAt("10.0.0.20", RoleClassifier.BROWSE_MIN_DISTINCT, AssetRole.ENGINEERING_WORKSTATION,
                RoleClassifier.BROWSE_MIN_DISTINCT, i -> transaction(T0 + i * SECOND, "10.0.0.20", "10.0.0.5", "s7comm",
                        "read_szl", Values.OP_READ).objects(ObjectRef.numbered("szl", i)));
    }

    @Test
    void aRepeatedPollIsNotDecidedAgain() {
        hosts("10.0.0.10", "10.0.0.5");
        for (int i = 0; i < 1_000; i++) {
            inv.transaction(transaction(T0 + i * SECOND, "10.0.0.10", "10.0.0.5", "modbus", "read_coils", Values.OP_READ));
            assertEquals(i < RoleClassifier.CYCLE_MIN_INTERVALS ? AssetRole.UNKNOWN : AssetRole.HMI, inv.role("10.0.0.10"));
            assertEquals(AssetRole.PLC, inv.role("10.0.0.5"));
        }
        // each side is decided when its entries, peers and actions are new, and the client when its cycle turns regular
        assertTrue(inv.roleDecisions() <= 10, inv.roleDecisions() + " decisions for 2,000 questions");
    }
}
