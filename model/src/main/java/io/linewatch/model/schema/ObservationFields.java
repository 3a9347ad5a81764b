package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/** Fields of observation documents ({@code linewatch.observation}): departures from the learned baseline. */
public final class ObservationFields {
    private ObservationFields() {
    }

    public static final String DATASET = "linewatch.observation";

    public static final String TYPE = declare("linewatch.observation.type", KEYWORD,
            "new_device, new_talker, new_protocol, new_function, new_object_read, unauthorized_write, value_out_of_range, "
                    + "new_value, timing_change, device_silent, identity_change, firmware_change, new_io_connection, mode_change");
    public static final String KEY = declare("linewatch.observation.key", KEYWORD,
            "the baseline key departed from (the form baseline approve/unlearn --key takes)");
    public static final String EXPECTED = declare("linewatch.observation.expected", KEYWORD, "what the baseline expected");
    public static final String SEEN = declare("linewatch.observation.seen", KEYWORD, "what was seen instead");
    public static final String COUNT = declare("linewatch.observation.count", LONG,
            "occurrences folded into this observation (same type and key within the repeat interval)");
}
