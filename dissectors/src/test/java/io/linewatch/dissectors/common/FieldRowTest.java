package io.linewatch.dissectors.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldRowTest {
    @Test
    void keepsTheOrderFirstPutAndReplacesInPlaceAsALinkedHashMapDoes() {
        FieldRow row = new FieldRow(2);
        Map<String, Object> reference = new LinkedHashMap<>();
        for (Map<String, Object> m : List.of(row, reference)) {
            m.put("area", 0x84);
            m.put("return_code", 0x0a);
            m.put("value", "00ff");
            m.put("return_code", 0xff); // a write's value and then its result under the same name
        }
        assertEquals(reference, row);
        assertEquals(row, reference);
        assertEquals(reference.hashCode(), row.hashCode());
        assertEquals(new ArrayList<>(reference.keySet()), new ArrayList<>(row.keySet()));
        assertEquals(0xff, row.get("return_code"));
        assertNull(row.get("db"));
        assertFalse(row.containsKey("db"));
        assertEquals(Json.writeValue(reference), Json.writeValue(row));
    }
}
