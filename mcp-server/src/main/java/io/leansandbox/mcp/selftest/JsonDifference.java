package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The first place where two JSON values differ, as a JSON Pointer and the two values there, short
 * enough for one line. Objects compare by key (order does not matter, as for any JSON reader),
 * arrays element by element; keys are visited in sorted order so that "first" is stable.
 */
public final class JsonDifference {

    /** Longest rendering of one value in a difference; the rest is elided. */
    static final int MAX_VALUE_CHARS = 160;

    private JsonDifference() {
    }

    /** Empty when {@code expected} equals {@code actual}; else {@code at /messages/0/data: expected X, got Y}. */
    public static Optional<String> between(JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        return Optional.of(first(expected, actual, ""));
    }

    private static String first(JsonNode expected, JsonNode actual, String at) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                JsonNode e = expected.get(key);
                JsonNode a = actual.get(key);
                String here = at + "/" + key.replace("~", "~0").replace("/", "~1");
                if (e == null) {
                    return "at " + here + ": expected no such field, got " + show(a);
                }
                if (a == null) {
                    return "at " + here + ": expected " + show(e) + ", got no such field";
                }
                if (!e.equals(a)) {
                    return first(e, a, here);
                }
            }
        }
        if (expected.isArray() && actual.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                JsonNode x = e.next();
                JsonNode y = a.next();
                if (!x.equals(y)) {
                    return first(x, y, at + "/" + i);
                }
            }
            if (expected.size() != actual.size()) {
                return "at " + (at.isEmpty() ? "/" : at) + ": expected " + expected.size() + " element(s), got " + actual.size()
                        + " (" + (expected.size() > actual.size() ? "missing " + show(expected.get(actual.size()))
                        : "extra " + show(actual.get(expected.size()))) + ")";
            }
        }
        return "at " + (at.isEmpty() ? "/" : at) + ": expected " + show(expected) + ", got " + show(actual);
    }

    /** A value as compact JSON, elided past {@link #MAX_VALUE_CHARS}. */
    static String show(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...(" + text.length() + " chars)";
    }
}
