package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.DATE;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.FieldType.OBJECTS;
import static io.linewatch.model.schema.Schema.declare;

/**
 * The {@code linewatch.summary.*} fields: routine transactions folded into one document per (client, server,
 * protocol, function, object block) and interval ({@code event.dataset} {@code linewatch.summary}). Times are
 * nanoseconds, like {@code event.duration}.
 */
public final class SummaryFields {
    private SummaryFields() {
    }

    public static final String DATASET = "linewatch.summary";

    public static final String COUNT = declare("linewatch.summary.count", LONG,
            "transactions this document stands for (none of them has a document of its own)");
    public static final String NOTABLE = declare("linewatch.summary.notable", LONG,
            "transactions of the same key and interval written as documents of their own (not in count)");
    public static final String EXCEPTIONS = declare("linewatch.summary.exceptions", LONG,
            "exception or error replies of the same key and interval (each also a document of its own)");
    public static final String UNANSWERED = declare("linewatch.summary.unanswered", LONG,
            "of count, requests whose response was not seen");
    public static final String INTERVAL_START = declare("linewatch.summary.interval_start", DATE,
            "start of the summary interval (capture time, a multiple of the interval length)");
    public static final String PERIOD_MEAN = declare("linewatch.summary.period_mean", LONG,
            "mean time between consecutive transactions of the key in the interval, nanoseconds");
    public static final String PERIOD_JITTER = declare("linewatch.summary.period_jitter", LONG,
            "standard deviation of that time, nanoseconds");
    public static final String DURATION_MEAN = declare("linewatch.summary.duration_mean", LONG,
            "mean request-to-response time where both were seen, nanoseconds");
    public static final String DURATION_MAX = declare("linewatch.summary.duration_max", LONG,
            "longest request-to-response time, nanoseconds");
    public static final String FUNCTION = declare("linewatch.summary.function", LONG,
            "function, service or command code as on the wire");
    public static final String SUBFUNCTION = declare("linewatch.summary.subfunction", LONG, "sub-function code, when any");
    public static final String UNIT = declare("linewatch.summary.unit", LONG, "addressed unit behind the server, when any");
    public static final String OBJECTS_FIELD = declare("linewatch.summary.objects", OBJECTS,
            "the object or address block acted on, one entry per object");
    public static final String OBJECT_AREA = declare("linewatch.summary.objects.area", KEYWORD,
            "holding_registers, db, cip_object, tag, ...");
    public static final String OBJECT_NUMBER = declare("linewatch.summary.objects.number", LONG,
            "DB, block, file, SZL or CIP class number");
    public static final String OBJECT_INSTANCE = declare("linewatch.summary.objects.instance", LONG, "CIP instance, SZL index");
    public static final String OBJECT_ATTRIBUTE = declare("linewatch.summary.objects.attribute", LONG, "CIP attribute");
    public static final String OBJECT_START = declare("linewatch.summary.objects.start", LONG, "first address");
    public static final String OBJECT_COUNT = declare("linewatch.summary.objects.count", LONG, "number of addresses");
    public static final String OBJECT_NAME = declare("linewatch.summary.objects.name", KEYWORD, "symbol (a Logix tag)");
    public static final String VARIABLES = declare("linewatch.summary.variables", OBJECTS,
            "process values the transactions carried, per address (at most a bounded number)");
    public static final String VARIABLE_ADDRESS = declare("linewatch.summary.variables.address", LONG,
            "address of the value (the first object's start plus its position)");
    public static final String VARIABLE_MIN = declare("linewatch.summary.variables.min", LONG, "smallest value seen");
    public static final String VARIABLE_MAX = declare("linewatch.summary.variables.max", LONG, "largest value seen");
    public static final String VARIABLE_LAST = declare("linewatch.summary.variables.last", LONG, "last value seen");
    public static final String VARIABLES_OVERFLOW = declare("linewatch.summary.variables_overflow", LONG,
            "addresses that carried values but were not kept (past the bound)");
}
