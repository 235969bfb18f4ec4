package io.leansandbox.mcp;

import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.grading.eval.CandidateJson;
import io.leansandbox.engine.grading.eval.ConcurrentGrading;
import io.leansandbox.engine.grading.eval.GradedCandidate;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code verify-batch} tool: grades many candidates in one call, several at once, and answers
 * with one result per candidate in input order; accepts Kimina's {@code /verify} body
 * ({@code codes}). Each result has the shape of a line of the {@code eval} command's results file
 * ({@link CandidateJson#gradeFields}), named by its {@code custom_id}.
 */
record VerifyBatchTool(LeanEngine engine) implements LeanTool {

    static final String NAME = "verify-batch";
    static final String CONCURRENCY = "concurrency";
    static final int DEFAULT_CONCURRENCY = 4;
    static final int MAX_CONCURRENCY = 32;

    private static final Map<String, Object> CANDIDATE = Schemas.ordered("type", "object", "properties", Schemas.ordered(
                    BatchCandidates.CUSTOM_ID, Schemas.described(Schemas.STRING, "names the candidate's result (Kimina's custom_id)"),
                    BatchCandidates.PROBLEM, Schemas.described(Schemas.STRING, "the problem it attempts; names the result when custom_id is absent"),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING, "a whole Lean 4 file"),
                    BatchCandidates.PROOF, Schemas.described(Schemas.STRING,
                            "with formal_statement: the proof completing it; without (Kimina's shape): a whole Lean 4 file"),
                    ToolArguments.FORMAL_STATEMENT, Schemas.described(Schemas.STRING,
                            "the theorem the candidate must prove, ending in ':= by sorry', ':= sorry' or ':= by'"),
                    ToolArguments.HEADER, Schemas.described(Schemas.STRING, "what formal_statement is stated under: imports, open, options")),
            "additionalProperties", false);

    static final Map<String, Object> OUTPUT_SCHEMA = Schemas.object(Schemas.ordered(
            "results", Schemas.array(Schemas.object(named(Schemas.STRING, GradeSchemas.GRADE_FIELDS))),
            "counts", GradeSchemas.COUNTS,
            "trust", GradeSchemas.TRUST,
            "elapsed_ms", Schemas.INTEGER));

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Verify a batch of proofs")
            .description("Grade up to " + BatchCandidates.MAX + " Lean 4 candidates in one call, several at once (concurrency, "
                    + "default " + DEFAULT_CONCURRENCY + "), with the same verdict policy as check-proof. Each candidate is a "
                    + "whole file (code), or a proof completing its formal_statement; Kimina's /verify body ({\"codes\": "
                    + "[{\"custom_id\", \"proof\"}]}) is accepted too, each proof a whole file. Returns one result per candidate, "
                    + "in input order: custom_id, verdict (" + GradeSchemas.VERDICT_LIST + "), trust, axioms by declaration, "
                    + "diagnostics, explanation, time_ms; and the counts per verdict.")
            .inputSchema(Schemas.input(List.of(),
                    BatchCandidates.CANDIDATES, Schemas.described(Schemas.ordered("type", List.of("array", "null"), "items", CANDIDATE,
                            "maxItems", BatchCandidates.MAX), "the candidates to grade (or give Kimina's codes)"),
                    BatchCandidates.CODES, Schemas.described(Schemas.ordered("type", List.of("array", "null"), "items", CANDIDATE,
                            "maxItems", BatchCandidates.MAX), "Kimina's /verify candidates: custom_id and proof (a whole file)"),
                    ToolArguments.TRUST, GradeSchemas.TRUST_INPUT,
                    CONCURRENCY, Schemas.described(Schemas.OPTIONAL_INTEGER,
                            "candidates graded at once, 1 to " + MAX_CONCURRENCY + " (default " + DEFAULT_CONCURRENCY + ")")))
            .outputSchema(OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        List<BatchCandidates.Item> items = BatchCandidates.of(arguments);
        Trust trust = ToolArguments.trust(arguments, engine);
        int concurrency = ToolArguments.optionalInt(arguments, CONCURRENCY, 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY);
        long start = System.nanoTime();
        List<GradedCandidate> results = new ArrayList<>(Collections.nCopies(items.size(), null));
        // The candidates' own phases would make a jumble of the call's progress: it counts candidates instead.
        LeanEngine quiet = engine.forCall(new CallContext(context.owner(), CallContext.Progress.NONE, context.cancellation(),
                context.timeout()));
        int[] graded = {0};
        context.progress().status("graded 0 of " + items.size() + " candidates");
        new ConcurrentGrading((submission, level) -> quiet.grade(submission, level, null), concurrency, engine.maxSourceBytes())
                .run(items.stream().map(BatchCandidates.Item::candidate).toList(), trust, (index, result) -> {
                    results.set(index, result);
                    context.progress().status("graded " + ++graded[0] + " of " + items.size() + " candidates");
                });
        // Cancelled: the candidates not yet graded ended at once, as infra_error; the call has no answer.
        context.cancellation().throwIfCancelled();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rendered.add(named(items.get(i).id(), CandidateJson.gradeFields(results.get(i))));
        }
        Map<String, Object> countFields = new LinkedHashMap<>();
        counts.forEach((v, n) -> countFields.put(v.wireName(), n));
        Map<String, Object> fields = Schemas.ordered("results", rendered, "counts", countFields, "trust", trust.wireName(),
                "elapsed_ms", elapsedMs);
        // Only a call in which no candidate got a verdict failed as a call; single infra_errors are results.
        boolean noVerdict = counts.get(Verdict.INFRA_ERROR) == items.size();
        return ToolCalls.result(text(items, results, counts, trust, elapsedMs), fields, noVerdict);
    }

    /** A line of counts, then one line per candidate: {@code custom_id: verdict: explanation}. */
    static String text(List<BatchCandidates.Item> items, List<GradedCandidate> results, Map<Verdict, Integer> counts, Trust trust,
                       long elapsedMs) {
        List<String> nonZero = new ArrayList<>();
        counts.forEach((v, n) -> {
            if (n > 0) {
                nonZero.add(v.wireName() + " " + n);
            }
        });
        StringBuilder text = new StringBuilder("Verified ").append(items.size()).append(" candidate(s) at trust ")
                .append(trust.wireName()).append(" in ").append(elapsedMs).append(" ms: ").append(String.join(", ", nonZero)).append('\n');
        for (int i = 0; i < items.size(); i++) {
            GradedCandidate r = results.get(i);
            text.append(items.get(i).id()).append(": ").append(r.verdict().wireName()).append(": ").append(r.explanation()).append('\n');
        }
        return text.toString().stripTrailing();
    }

    /** {@code custom_id} first, then {@code fields}. */
    private static Map<String, Object> named(Object customId, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("custom_id", customId);
        out.putAll(fields);
        return out;
    }
}
