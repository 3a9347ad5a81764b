package io.linewatch.inventory.export;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads an inventory: {@code assets.json} as {@code analyze} writes it, or a JSON export of it (a header and the same documents). */
public final class InventoryFile {
    public static final long MAX_BYTES = 512L << 20;

    private InventoryFile() {
    }

    public static List<EventDoc> read(Path file) throws InventoryFormatException {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InventoryFormatException(file + ": " + size + " bytes is more than an inventory can be (limit " + MAX_BYTES + ")");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InventoryFormatException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InventoryFormatException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    @SuppressWarnings("unchecked")
    public static List<EventDoc> parse(String text, String name) throws InventoryFormatException {
        Object root;
        try {
            root = Json.read(text);
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(name + ": " + e.getMessage());
        }
        if (root instanceof Map<?, ?> export && export.get(InventoryExporter.JSON_ASSETS) instanceof List<?> assets
                && export.get(InventoryExporter.JSON_HEADER) instanceof Map) {
            root = assets; // a JSON export: its header, then the asset documents
        }
        if (!(root instanceof List<?> list)) {
            throw new InventoryFormatException(name + ": expected a JSON list of asset documents (assets.json) or a "
                    + "JSON export of one");
        }
        List<EventDoc> out = new ArrayList<>(list.size());
        int i = 0;
        for (Object o : list) {
            if (!(o instanceof Map) || !(((Map<String, Object>) o).get("asset") instanceof Map)) {
                throw new InventoryFormatException(name + ": entry " + i + " is not an asset document (no \"asset\" object)");
            }
            EventDoc d = EventDoc.of((Map<String, Object>) o);
            if (!(d.get(Fields.ASSET_ID) instanceof String)) {
                throw new InventoryFormatException(name + ": entry " + i + " has no asset.id");
            }
            out.add(d);
            i++;
        }
        return out;
    }
}
