package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.Schema.declare;

/** Alert fields beyond SCHEMA.md's shared ones ({@link io.linewatch.model.Fields}): hygiene and grouping. */
public final class AlertFields {
    private AlertFields() {
    }

    public static final String INCIDENT_ID = declare("linewatch.incident.id", KEYWORD,
            "alerts from one actor less than the incident gap (default 30 min) apart share it");
    public static final String ACTOR_ROLE = declare("linewatch.alert.actor_role", KEYWORD,
            "the actor's asset role when the alert was raised");
    public static final String TARGET_ROLE = declare("linewatch.alert.target_role", KEYWORD,
            "the target's asset role when the alert was raised");
    public static final String OBJECT = declare("linewatch.alert.object", KEYWORD,
            "what was acted on (block_db 1, holding_registers 40..49), part of the alert's key");
}
