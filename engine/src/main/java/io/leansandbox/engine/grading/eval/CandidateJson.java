package io.leansandbox.engine.grading.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graded candidate as JSON: the one shape for the lines of an evaluation's results file and for
 * the MCP {@code verify-batch} tool's results. Maps of plain values (strings, numbers, lists, maps)
 * in a fixed key order, so any JSON library writes them.
 *
 * <pre>{"problem", "attempt", "verdict", "trust", "axioms": {DECLARATION: [AXIOM, ...]},
 *  "diagnostics": [{"severity", "line", "column", "message"}], "explanation", "time_ms"}</pre>
 */
public final class CandidateJson {

    private CandidateJson() {
    }

    /** A results line: {@code problem} and {@code attempt}, then {@link #gradeFields}. */
    public static Map<String, Object> line(GradedCandidate c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("problem", c.key().problem());
        out.put("attempt", c.key().attempt());
        out.putAll(gradeFields(c));
        return out;
    }

    /** What grading said: verdict, trust, axioms (by declaration), diagnostics, explanation, time_ms. */
    public static Map<String, Object> gradeFields(GradedCandidate c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", c.verdict().wireName());
        out.put("trust", c.trust().wireName());
        out.put("axioms", new LinkedHashMap<>(c.axioms()));
        List<Map<String, Object>> diagnostics = new ArrayList<>();
        for (GradedCandidate.Message m : c.diagnostics()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("severity", m.severity());
            d.put("line", m.line());
            d.put("column", m.column());
            d.put("message", m.message());
            diagnostics.add(d);
        }
        out.put("diagnostics", diagnostics);
        out.put("explanation", c.explanation());
        out.put("time_ms", c.timeMs());
        return out;
    }

    /** A results line read back; an {@link IllegalArgumentException} naming what is wrong with it. */
    public static GradedCandidate parse(ObjectNode o) {
        String problem = JsonLines.string(o, "problem");
        if (problem == null) {
            throw new IllegalArgumentException("missing 'problem'");
        }
        JsonNode attempt = o.get("attempt");
        if (attempt == null || !attempt.isIntegralNumber() || !attempt.canConvertToInt() || attempt.intValue() < 0) {
            throw new IllegalArgumentException("missing or bad 'attempt'");
        }
        Verdict verdict = Verdict.parse(required(o, "verdict"));
        Trust trust = Trust.parse(required(o, "trust"));
        Map<String, List<String>> axioms = new LinkedHashMap<>();
        JsonNode axiomsNode = o.path("axioms");
        if (axiomsNode.isObject()) {
            axiomsNode.fields().forEachRemaining(e -> {
                List<String> names = new ArrayList<>();
                e.getValue().forEach(a -> names.add(a.asText()));
                axioms.put(e.getKey(), names);
            });
        }
        List<GradedCandidate.Message> diagnostics = new ArrayList<>();
        for (JsonNode d : o.path("diagnostics")) {
            diagnostics.add(new GradedCandidate.Message(d.path("severity").asText(), integer(d.get("line")), integer(d.get("column")),
                    d.path("message").asText()));
        }
        JsonNode time = o.get("time_ms");
        if (time == null || !time.canConvertToLong()) {
            throw new IllegalArgumentException("missing or bad 'time_ms'");
        }
        return new GradedCandidate(new AttemptKey(problem, attempt.intValue()), verdict, trust, axioms, diagnostics,
                o.path("explanation").asText(""), time.longValue());
    }

    private static String required(ObjectNode o, String field) {
        String value = JsonLines.string(o, field);
        if (value == null) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return value;
    }

    private static Integer integer(JsonNode n) {
        return n == null || !n.canConvertToInt() || n.isNull() ? null : n.intValue();
    }
}
