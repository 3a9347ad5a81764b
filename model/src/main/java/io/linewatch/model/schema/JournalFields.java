package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/** Fields of the alert journal retention raises when the disk budget forces it to remove unshipped documents. */
public final class JournalFields {
    private JournalFields() {
    }

    public static final String DOCUMENTS_REMOVED = declare("linewatch.journal.documents_removed", LONG,
            "journal documents removed before they were shipped, to keep the output directory's disk budget");
    public static final String BYTES_REMOVED = declare("linewatch.journal.bytes_removed", LONG,
            "bytes of those journal segments");
    public static final String SEGMENTS_REMOVED = declare("linewatch.journal.segments_removed", KEYWORD,
            "the journal segment files removed (events-000001.ndjson, ...; the first 20)");
    public static final String DISK_BUDGET = declare("linewatch.journal.disk_budget", LONG,
            "the output directory's disk budget in bytes");
}
