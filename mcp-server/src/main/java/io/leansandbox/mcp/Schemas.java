package io.leansandbox.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small builders for the JSON Schemas the tools announce, and for the ordered maps their structured
 * content is made of (so the JSON reads in a fixed order).
 */
final class Schemas {

    static final Map<String, Object> INTEGER = Map.of("type", "integer");
    static final Map<String, Object> OPTIONAL_INTEGER = Map.of("type", List.of("integer", "null"));
    static final Map<String, Object> STRING = Map.of("type", "string");
    static final Map<String, Object> OPTIONAL_STRING = Map.of("type", List.of("string", "null"));
    static final Map<String, Object> BOOLEAN = Map.of("type", "boolean");
    static final Map<String, Object> STRINGS = array(STRING);

    private Schemas() {
    }

    static Map<String, Object> array(Map<String, Object> items) {
        return ordered("type", "array", "items", items);
    }

    static Map<String, Object> described(Map<String, Object> schema, String description) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.put("description", description);
        return copy;
    }

    /**
     * An output object schema; its nullable properties are optional, since JSON writers may leave
     * nulls out, and every other property is required.
     */
    static Map<String, Object> object(Map<String, Object> properties) {
        List<String> required = properties.entrySet().stream()
                .filter(p -> !(((Map<?, ?>) p.getValue()).get("type") instanceof List<?>))
                .map(Map.Entry::getKey)
                .toList();
        return ordered("type", "object", "properties", properties, "required", required);
    }

    /** {@code base} (an {@link #object} schema) with more properties after its own. */
    static Map<String, Object> extend(Map<String, Object> base, Object... keysAndSchemas) {
        Map<String, Object> properties = new LinkedHashMap<>(properties(base));
        properties.putAll(ordered(keysAndSchemas));
        return object(properties);
    }

    /** The properties of an object schema. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> objectSchema) {
        return (Map<String, Object>) objectSchema.get("properties");
    }

    /**
     * A tool's input schema: an object with these properties, of which {@code required} must be
     * given; no others are accepted (a misspelt {@code sessionId} must not silently open a new session).
     */
    static Map<String, Object> input(List<String> required, Object... namesAndSchemas) {
        return ordered("type", "object", "properties", ordered(namesAndSchemas), "required", required,
                "additionalProperties", false);
    }

    /**
     * An input schema as the original server's three tools had: these properties, {@code required}
     * of them, and any other argument accepted and ignored (no {@code additionalProperties}).
     */
    static Map<String, Object> openInput(List<String> required, Object... namesAndSchemas) {
        return ordered("type", "object", "properties", ordered(namesAndSchemas), "required", required);
    }

    /** The names of an input schema's properties. */
    static List<String> inputNames(Map<String, Object> inputSchema) {
        return new ArrayList<>(properties(inputSchema).keySet());
    }

    /** A map keeping the given key order (and null values). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** {@code fields} with more entries after its own. */
    static Map<String, Object> with(Map<String, Object> fields, Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>(fields);
        map.putAll(ordered(keysAndValues));
        return map;
    }
}
