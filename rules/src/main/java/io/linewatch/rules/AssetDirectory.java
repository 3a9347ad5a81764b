package io.linewatch.rules;

import io.linewatch.model.EventDoc;
import java.util.List;

/**
 * What the rules ask of the asset inventory (implemented by the pipeline over its inventory, so this module does
 * not depend on it): a device's role for the facts, and the asset documents for maintenance briefings.
 */
public interface AssetDirectory {
    AssetDirectory NONE = new AssetDirectory() {
        @Override
        public String role(String ip) {
            return "unknown";
        }

        @Override
        public List<EventDoc> assets() {
            return List.of();
        }
    };

    /** {@code asset.role} of the device with that address ({@code plc}, {@code it_host}, ...), {@code unknown} if none. */
    String role(String ip);

    /** The asset documents (SCHEMA.md), for briefings; called rarely. */
    List<EventDoc> assets();

    /**
     * Whether the baseline still learns the normal of the device with that address as a server (its learning was
     * extended past the learning period because it had not settled): departures judged against it are reported
     * with a capped severity ({@link Alerts#UNSETTLED_SEVERITY}).
     */
    default boolean baselineLearning(String ip) {
        return false;
    }

    /**
     * Whether the device with that address answered {@code protocol} ({@code modbus}, {@code s7comm}, ...) in
     * decoded transactions: malformed traffic is judged against devices that parse the protocol.
     */
    default boolean serves(String ip, String protocol) {
        return false;
    }
}
