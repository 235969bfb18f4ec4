package io.leansandbox.mcp;

import java.util.List;
import java.util.Map;

/** Reads and checks the arguments of a tool call; a bad one is a {@link BadArgumentException} naming it. */
final class ToolArguments {

    static final String CODE = "code";

    private ToolArguments() {
    }

    /** The {@code code} argument: present, a string, not blank. */
    static String code(Map<String, Object> arguments) {
        if (arguments == null || !arguments.containsKey(CODE)) {
            throw new BadArgumentException("missing required argument '" + CODE + "' (the Lean source to run, as a string)");
        }
        Object code = arguments.get(CODE);
        if (!(code instanceof String text)) {
            throw new BadArgumentException("argument '" + CODE + "' must be a string, got " + jsonType(code));
        }
        if (text.isBlank()) {
            throw new BadArgumentException("argument '" + CODE + "' is empty: give the Lean source to run");
        }
        return text;
    }

    private static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof List<?> || value.getClass().isArray()) {
            return "an array";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }

    /** A tool argument is missing or has the wrong shape. */
    static final class BadArgumentException extends RuntimeException {
        BadArgumentException(String message) {
            super(message);
        }
    }
}
