package io.leansandbox.mcp;

import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of grading's values, shared by the grading tools. */
final class GradeSchemas {

    static final List<String> VERDICTS = Arrays.stream(Verdict.values()).map(Verdict::wireName).toList();

    /** The verdicts, for tool descriptions: {@code valid, sorry, ...}. */
    static final String VERDICT_LIST = String.join(", ", VERDICTS);

    static final Map<String, Object> VERDICT = Map.of("type", "string", "enum", VERDICTS);

    static final Map<String, Object> TRUST = Map.of("type", "string", "enum",
            Arrays.stream(Trust.values()).map(Trust::wireName).toList());

    /** The {@code trust} argument: tools take fast or gold (own is for code its own author checks). */
    static final Map<String, Object> TRUST_INPUT = Schemas.described(Schemas.ordered("type", List.of("string", "null"),
            "enum", Arrays.asList("fast", "gold", null)), "fast (the default) or gold");

    /**
     * One graded candidate's fields, as {@link io.leansandbox.engine.grading.eval.CandidateJson#gradeFields}
     * makes them (the lines of the eval command's results file have the same shape).
     */
    static final Map<String, Object> GRADE_FIELDS = Schemas.ordered(
            "verdict", VERDICT,
            "trust", TRUST,
            "axioms", Schemas.described(Schemas.ordered("type", "object", "additionalProperties", Schemas.STRINGS),
                    "the axioms of each graded declaration whose axioms Lean reported, by name"),
            "diagnostics", Schemas.array(Schemas.object(Schemas.ordered(
                    "severity", Map.of("type", "string", "enum", List.of("error", "warning", "info")),
                    "line", Schemas.OPTIONAL_INTEGER,
                    "column", Schemas.OPTIONAL_INTEGER,
                    "message", Schemas.STRING))),
            "explanation", Schemas.STRING,
            "time_ms", Schemas.INTEGER);

    /** Results per verdict, every verdict present. */
    static final Map<String, Object> COUNTS = Schemas.object(counts());

    private GradeSchemas() {
    }

    private static Map<String, Object> counts() {
        Map<String, Object> properties = new LinkedHashMap<>();
        VERDICTS.forEach(v -> properties.put(v, Schemas.INTEGER));
        return properties;
    }
}
