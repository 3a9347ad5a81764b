package io.linewatch.dissectors.s7comm;

import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.FieldRow;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read/write var items of a transaction as its typed slots carry them (one {@link ObjectRef} per item
 * address, the values of a single-item read or write) and as its document lists them ({@code s7comm.items}:
 * request addresses zipped by position with the request's values and the answer's results).
 */
final class S7commItems {
    /** Most fields an item address puts (S7ANY: area, area_name, db, address, bit, length, transport_size). */
    private static final int ADDRESS_FIELDS = 7;
    /** Most fields a value or result puts (return_code, data_transport_size, value, value_bytes). */
    private static final int DATA_FIELDS = 4;

    private S7commItems() {
    }

    /**
     * {@code s7comm.items}, built where the document is written (rows, hex values and boxed numbers for every item of
     * every poll and push were most of the dissector's time); null when the pair has no item. The messages' items
     * and data do not change once decoded, so the rows are the same whenever they are built.
     */
    static Detail.Deferred document(S7commMessage rq, S7commMessage resp) {
        return requestRows(rq) == 0 && responseRows(resp) == 0 ? null : () -> merge(rq, resp);
    }

    private static int requestRows(S7commMessage rq) {
        return rq == null || rq.items == null ? 0 : rq.items.size();
    }

    private static int responseRows(S7commMessage resp) {
        return resp == null || resp.data == null ? 0 : resp.data.size();
    }

    /** {@code s7comm.items}: row i is the request's address and value i, then the answer's result i. */
    static List<Map<String, Object>> merge(S7commMessage rq, S7commMessage resp) {
        int requestRows = requestRows(rq);
        int responseRows = responseRows(resp);
        int rows = Math.max(requestRows, responseRows);
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            boolean requestValue = i < requestRows && rq.data != null && i < rq.data.size();
            // sized for what it gets: an address (at most 7 fields), a value or result (4 each; a write's share names)
            Map<String, Object> row = new FieldRow((i < requestRows ? ADDRESS_FIELDS : 0)
                    + (requestValue || i < responseRows ? DATA_FIELDS : 0));
            if (i < requestRows) {
                putAddress(row, rq.items.get(i));
                if (requestValue) {
                    putData(row, rq.data.get(i));
                }
            }
            if (i < responseRows) {
                putData(row, resp.data.get(i));
            }
            out.add(row);
        }
        return out;
    }

    private static void putAddress(Map<String, Object> row, S7commMessage.Item item) {
        switch (item.syntax()) {
            case S7ANY -> {
                S7Area known = S7Area.of(item.area());
                row.put("area", item.area());
                putIfSet(row, "area_name", known == null ? null : known.label);
                row.put("db", item.db());
                row.put("address", item.address());
                if (item.bit() >= 0) {
                    row.put("bit", item.bit());
                }
                row.put("length", item.length());
                row.put("transport_size", item.transportSize());
            }
            case DB_READ -> {
                row.put("area", item.area());
                row.put("area_name", S7Area.DATA_BLOCK.label);
                row.put("db", item.db());
                row.put("address", item.address());
                row.put("length", item.length());
                row.put("syntax", S7SyntaxId.DB_READ.label);
            }
            case OTHER -> {
                S7SyntaxId known = S7SyntaxId.of(item.syntaxId());
                row.put("syntax_id", item.syntaxId());
                putIfSet(row, "syntax", known == null ? null : known.label);
            }
        }
    }

    private static void putData(Map<String, Object> row, S7commMessage.Data data) {
        row.put("return_code", data.returnCode());
        if (data.dataTransportSize() >= 0) {
            row.put("data_transport_size", data.dataTransportSize());
        }
        if (data.value() != null) {
            row.put("value", Bytes.hex(data.value(), 0, data.value().length));
            row.put("value_bytes", data.valueBytes());
        }
    }

    private static void putIfSet(Map<String, Object> row, String key, Object value) {
        if (value != null) {
            row.put(key, value);
        }
    }

    /**
     * One range per decoded item address: the area's name, the DB number (data blocks only, else -1), byte
     * address (timers and counters: number) and length in elements of the item's transport size.
     */
    static ObjectRef[] objects(List<S7commMessage.Item> items) {
        int decoded = 0;
        for (int i = 0; i < items.size(); i++) {
            decoded += items.get(i).syntax() == S7commMessage.Syntax.OTHER ? 0 : 1;
        }
        ObjectRef[] refs = new ObjectRef[decoded];
        int n = 0;
        for (int i = 0; i < items.size(); i++) {
            S7commMessage.Item item = items.get(i);
            if (item.syntax() == S7commMessage.Syntax.OTHER) {
                continue;
            }
            S7Area known = S7Area.of(item.area());
            refs[n++] = ObjectRef.range(S7Area.objectArea(item.area()), known != null && known.isDataBlock() ? item.db() : -1,
                    item.address(), item.length());
        }
        return refs;
    }

    /**
     * The values of a read or write of one S7ANY item of a plain integer type (bit, byte, char, word, int,
     * dword, dint), one per element from the item's address; nothing for several items, reals, strings,
     * a failed read or a value that does not hold exactly the elements addressed.
     */
    static void values(Transaction t, S7commMessage rq, S7commMessage resp) {
        if (rq == null || rq.items == null || rq.items.size() != 1) {
            return;
        }
        S7commMessage.Item item = rq.items.get(0);
        S7TransportSize size = S7TransportSize.of(item.transportSize());
        if (item.syntax() != S7commMessage.Syntax.S7ANY || size == null) {
            return;
        }
        if (rq.function == S7JobFunction.WRITE_VAR.wire && rq.data != null && rq.data.size() == 1) {
            long[] written = decode(size, rq.data.get(0), item.length());
            if (written != null) {
                t.values(written, true);
            }
        } else if (rq.function == S7JobFunction.READ_VAR.wire && resp != null && resp.data != null && resp.data.size() == 1
                && resp.data.get(0).returnCode() == S7ReturnCode.SUCCESS.wire) {
            long[] read = decode(size, resp.data.get(0), item.length());
            if (read != null) {
                t.values(read, false);
            }
        }
    }

    private static long[] decode(S7TransportSize size, S7commMessage.Data data, int count) {
        byte[] v = data.value();
        return v == null || v.length != data.valueBytes() ? null : size.decode(v, count);
    }
}
