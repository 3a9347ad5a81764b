package io.linewatch.model.transaction;

import java.util.List;

/**
 * A departure from the learned baseline (dataset {@code linewatch.observation}): a fact for the rules. Repeats of
 * the same departure (same type and key) within the baseline's repeat interval are folded into one observation:
 * it is handed on when it opens ({@code count} 1) and again, with the same id, when its count grew and it
 * closes; the last one with an id is the current one.
 *
 * @param id          deterministic: from the type, the key and the first evidence
 * @param key         the baseline key departed from, in the text form {@code linewatch baseline approve --key}
 *                    takes ({@code write:10.0.0.9>10.0.0.2/modbus/1/holding_registers/-1})
 * @param actorIp     who did it (the client, the new device); null when there is no actor (a silent device)
 * @param targetIp    whom it was done to (the server); null when there is none
 * @param ports       -1 when not known
 * @param protocol    null when not about one protocol
 * @param expected    what the baseline expected, short text
 * @param seen        what was seen instead, short text
 * @param message     one readable sentence
 * @param evidenceIds the first transactions behind it (capped)
 */
public record Observation(String id, ObservationType type, String key, long firstNanos, long lastNanos, long count,
                          String actorIp, String actorMac, int actorPort, String targetIp, String targetMac,
                          int targetPort, Protocol protocol, String expected, String seen, String message,
                          List<String> evidenceIds) {
}
