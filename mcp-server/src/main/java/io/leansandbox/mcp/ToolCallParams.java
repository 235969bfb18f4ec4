package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the {@code params} of a {@code tools/call} request have the shape the SDK can read. The SDK
 * answers any other shape with its own exception text as an internal error (-32603: {@code Cannot
 * invoke "...CallToolRequest.name()" because "callToolRequest" is null}, a Jackson
 * {@code MismatchedInputException}), and over HTTP with no answer at all. So whatever reads the
 * client's messages first ({@link StdioLineGuard}, {@link HttpCallFilter}) asks here and answers
 * {@value #INVALID_PARAMS} (invalid params) with the problem in words, naming the field.
 *
 * <p>A number too large for a double (e.g. {@code 1e400}) is refused too: Jackson reads it as
 * infinity and writes it back as the string {@code "Infinity"}, so the tool would be told that a
 * string was given where a number was expected.
 */
final class ToolCallParams {

    static final int INVALID_PARAMS = -32602;

    private static final String SHAPE = "{\"name\": TOOL, \"arguments\": {...}}";

    private ToolCallParams() {
    }

    /** What is wrong with {@code message}'s params if it is a {@code tools/call} request; null when nothing is (or it is none). */
    static String problem(JsonNode message) {
        if (!message.isObject() || !McpSchema.METHOD_TOOLS_CALL.equals(message.path("method").asText()) || !message.has("id")) {
            return null;
        }
        JsonNode params = message.get("params");
        if (params == null || params.isNull()) {
            return "tools/call needs params " + SHAPE;
        }
        if (!params.isObject()) {
            return "params must be an object " + SHAPE + ", got " + type(params);
        }
        JsonNode name = params.get("name");
        if (name == null || name.isNull()) {
            return "params.name is missing: give the name of a tool (tools/list lists them)";
        }
        if (!name.isTextual() || name.asText().isBlank()) {
            return "params.name must be the name of a tool (a string), got " + (name.isTextual() ? "an empty string" : type(name));
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return "params.arguments must be an object of the tool's arguments by name, got " + type(arguments);
        }
        JsonNode meta = params.get("_meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            return "params._meta must be an object, got " + type(meta);
        }
        return outOfRange(params, "params");
    }

    /** The first number under {@code node} that a double cannot hold, as a problem; null when there is none. */
    private static String outOfRange(JsonNode node, String path) {
        if (node.isNumber() && node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return path + " is a number too large to use (its magnitude is above 1.8e308)";
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String problem = outOfRange(field.getValue(), path + "." + field.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = outOfRange(node.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** A JSON value's type in words: "a string", "an array", "null". */
    static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL, MISSING -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
