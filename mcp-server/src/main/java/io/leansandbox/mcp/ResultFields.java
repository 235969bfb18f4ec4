package io.leansandbox.mcp;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run result as JSON-ready fields with snake_case names: the {@code execute-lean} tool's
 * structured content and the {@code run} command's output. {@link #OUTPUT_SCHEMA} describes them.
 */
final class ResultFields {

    private static final Map<String, Object> INTEGER = Map.of("type", "integer");
    private static final Map<String, Object> OPTIONAL_INTEGER = Map.of("type", List.of("integer", "null"));
    private static final Map<String, Object> STRING = Map.of("type", "string");
    private static final Map<String, Object> OPTIONAL_STRING = Map.of("type", List.of("string", "null"));

    /** JSON Schema of {@link #of}'s fields, announced as the tool's output schema. */
    static final Map<String, Object> OUTPUT_SCHEMA = object(ordered(
            "status", Map.of("type", "string", "enum", Arrays.stream(Status.values()).map(Status::name).toList()),
            "mode", Map.of("type", "string", "enum", List.of("CHECK", "RUN")),
            "exit_code", INTEGER,
            "diagnostics", Map.of("type", "array", "items", object(ordered(
                    "severity", Map.of("type", "string", "enum", List.of("error", "warning", "info")),
                    "line", INTEGER, "column", INTEGER,
                    "end_line", OPTIONAL_INTEGER, "end_column", OPTIONAL_INTEGER,
                    "message", STRING))),
            "sorries", Map.of("type", "array", "items", object(ordered(
                    "line", OPTIONAL_INTEGER, "column", OPTIONAL_INTEGER,
                    "end_line", OPTIONAL_INTEGER, "end_column", OPTIONAL_INTEGER,
                    "goal", OPTIONAL_STRING, "proof_state", OPTIONAL_INTEGER))),
            "stdout", STRING,
            "stderr", STRING,
            "output_truncated", Map.of("type", "boolean"),
            "elapsed_ms", INTEGER));

    private ResultFields() {
    }

    static Map<String, Object> of(RunResult result) {
        return ordered(
                "status", result.status().name(),
                "mode", result.mode().name(),
                "exit_code", result.exitCode(),
                "diagnostics", result.diagnostics().stream().map(ResultFields::diagnostic).toList(),
                "sorries", result.sorries().stream().map(ResultFields::sorry).toList(),
                "stdout", result.stdout(),
                "stderr", result.stderr(),
                "output_truncated", result.outputTruncated(),
                "elapsed_ms", result.elapsed().toMillis());
    }

    private static Map<String, Object> diagnostic(Diagnostic d) {
        return ordered(
                "severity", d.severity().leanName(),
                "line", d.start().line(),
                "column", d.start().column(),
                "end_line", line(d.end()),
                "end_column", column(d.end()),
                "message", d.message());
    }

    private static Map<String, Object> sorry(Sorry s) {
        return ordered(
                "line", line(s.start()),
                "column", column(s.start()),
                "end_line", line(s.end()),
                "end_column", column(s.end()),
                "goal", s.goal(),
                "proof_state", s.proofState());
    }

    private static Integer line(Position p) {
        return p == null ? null : p.line();
    }

    private static Integer column(Position p) {
        return p == null ? null : p.column();
    }

    /** An object schema; its nullable properties are optional, since JSON writers may leave nulls out. */
    private static Map<String, Object> object(Map<String, Object> properties) {
        List<String> required = properties.entrySet().stream()
                .filter(p -> !(((Map<?, ?>) p.getValue()).get("type") instanceof List<?>))
                .map(Map.Entry::getKey)
                .toList();
        return ordered("type", "object", "properties", properties, "required", required);
    }

    /** A map keeping the given key order (and null values), so the JSON reads in a fixed order. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
