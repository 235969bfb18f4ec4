package io.leansandbox.mcp;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.conforming;
import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code verify-batch} over a fake engine whose verdict is named in the code ({@code -- error}); nothing here is Lean's. */
class VerifyBatchToolTest {

    private final FakeEngine engine = new FakeEngine();
    private final VerifyBatchTool tool = new VerifyBatchTool(engine);
    private final List<FakeEngine.GradeCall> calls = Collections.synchronizedList(new ArrayList<>());

    VerifyBatchToolTest() {
        engine.onGrade = call -> {
            calls.add(call);
            String text = call.submission().source().text();
            if (text.contains("-- crash")) {
                throw new SandboxUnavailableException("no Docker");
            }
            Verdict v = text.contains("-- error") ? Verdict.ERROR : text.contains("-- sorry") ? Verdict.SORRY : Verdict.VALID;
            return Grades.of(v, call.trust(), "fake " + v.wireName(), v == Verdict.VALID ? List.of("propext") : null,
                    v == Verdict.ERROR ? Results.leanError() : Results.success());
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Map<String, Object> fields) {
        return (List<Map<String, Object>>) fields.get("results");
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersOneResultPerCandidateInInputOrderWithCounts() {
        CallToolResult result = tool.call(Map.of("candidates", List.of(
                Map.of("custom_id", "a", "code", "theorem t : True := trivial"),
                Map.of("problem", "p", "proof", "exact x -- error", "formal_statement", "theorem t : True := by sorry",
                        "header", "import Mathlib"),
                Map.of("code", "theorem t : True := sorry -- sorry")), "concurrency", 2));
        Map<String, Object> fields = structured(VerifyBatchTool.TOOL, result);
        List<Map<String, Object>> results = results(fields);
        assertThat(results).extracting(r -> r.get("custom_id")).containsExactly("a", "p", "2");
        assertThat(results).extracting(r -> r.get("verdict")).containsExactly("valid", "error", "sorry");
        assertThat(results.get(0).keySet()).containsExactly("custom_id", "verdict", "trust", "axioms", "diagnostics", "explanation", "time_ms");
        assertThat(results.get(0)).containsEntry("axioms", Map.of("t", List.of("propext"))).containsEntry("trust", "fast");
        assertThat(results.get(1).get("diagnostics")).isEqualTo(List.of(Map.of("severity", "error", "line", 1, "column", 15,
                "message", "unsolved goals\n⊢ Nat")));
        assertThat((Map<String, Object>) fields.get("counts")).hasSize(10).containsEntry("valid", 1).containsEntry("error", 1)
                .containsEntry("sorry", 1).containsEntry("kernel_rejected", 0);
        assertThat(text(result)).startsWith("Verified 3 candidate(s) at trust fast in ").contains(" ms: valid 1, sorry 1, error 1\n")
                .endsWith("a: valid: fake valid\np: error: fake error\n2: sorry: fake sorry");

        FakeEngine.GradeCall proof = calls.stream().filter(c -> c.submission().candidateText().equals("exact x -- error")).findFirst().orElseThrow();
        assertThat(proof.submission().source().text()).isEqualTo("import Mathlib\n\ntheorem t : True := by\n  exact x -- error\n");
        assertThat(proof.submission().statement().name()).isEqualTo("t");
        assertThat(proof.axioms()).isNull();
    }

    @Test
    void acceptsKiminasVerifyBodyWithWholeFiles() {
        CallToolResult result = tool.call(Map.of("codes", List.of(
                Map.of("custom_id", "k1", "proof", "import Mathlib\ntheorem t : True := trivial"),
                Map.of("custom_id", "k2", "proof", "theorem t : True := trivial -- error")), "trust", "gold"));
        Map<String, Object> fields = structured(VerifyBatchTool.TOOL, result);
        assertThat(results(fields)).extracting(r -> r.get("custom_id")).containsExactly("k1", "k2");
        assertThat(fields).containsEntry("trust", "gold");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.submission().statement()).isNull();
            assertThat(c.trust()).isEqualTo(Trust.GOLD);
        });
        assertThat(calls).extracting(c -> c.submission().source().text()).containsExactlyInAnyOrder(
                "import Mathlib\ntheorem t : True := trivial", "theorem t : True := trivial -- error");
    }

    @Test
    void aFailingCandidateIsAnInfraErrorAndTheOthersKeepTheirResults() {
        CallToolResult result = tool.call(Map.of("candidates", List.of(Map.of("code", "a -- crash"), Map.of("code", "b"))));
        List<Map<String, Object>> results = results(structured(VerifyBatchTool.TOOL, result));
        assertThat(results.get(0)).containsEntry("verdict", "infra_error").containsEntry("explanation", "the grader failed: no Docker");
        assertThat(results.get(1)).containsEntry("verdict", "valid");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallWhereNoCandidateGotAVerdictIsAnError() {
        CallToolResult result = tool.call(Map.of("candidates", List.of(Map.of("code", "a -- crash"))));
        assertThat(error(result)).contains("infra_error: the grader failed: no Docker");
        assertThat((Map<String, Object>) conforming(VerifyBatchTool.TOOL, result).get("counts")).containsEntry("infra_error", 1);
    }

    @Test
    void aRefusedSourceIsUnverifiedForThatCandidateOnly() {
        engine.maxSourceBytes = 20;
        CallToolResult result = tool.call(Map.of("candidates", List.of(Map.of("code", "theorem t : True := trivial -- long"),
                Map.of("code", "def f := 1"))));
        List<Map<String, Object>> results = results(structured(VerifyBatchTool.TOOL, result));
        assertThat(results.get(0)).containsEntry("verdict", "unverified");
        assertThat((String) results.get(0).get("explanation")).startsWith("the engine refused the source, so nothing was checked: ");
        assertThat(results.get(1)).containsEntry("verdict", "valid");
    }

    @Test
    void badArgumentsAreNamedAndNothingIsGraded() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= BatchCandidates.MAX; i++) {
            tooMany.add(Map.of("code", "x"));
        }
        Map<Map<String, Object>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of(), "missing required argument 'candidates'");
        cases.put(Map.of("candidates", List.of()), "argument 'candidates' is empty");
        cases.put(Map.of("candidates", "x"), "argument 'candidates' must be an array of candidates, got a string");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x")), "codes", List.of(Map.of("proof", "x"))), "give 'candidates' or Kimina's 'codes', not both");
        cases.put(Map.of("candidates", tooMany), "argument 'candidates' holds 257 candidates; one call takes at most 256");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x"), 3)), "candidates[1]: a candidate must be an object, got a number");
        cases.put(Map.of("codes", List.of(Map.of("custom_id", "a"))), "codes[0]: give 'code' (a whole Lean file) or 'proof'");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x", "proof", "y"))), "candidates[0]: both 'code' and 'proof' are given");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x", "formal_statment", "y"))), "candidates[0]: unknown field 'formal_statment'");
        cases.put(Map.of("candidates", List.of(Map.of("proof", "x", "formal_statement", "def f := 1"))),
                "candidates[0]: argument 'formal_statement': the formal statement declares no theorem or lemma");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x")), "concurrency", 0), "argument 'concurrency' must be an integer from 1 to 32, got 0");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x")), "concurrency", 1.5), "argument 'concurrency' must be an integer from 1 to 32, got 1.5");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x")), "trust", "own"), "argument 'trust' must be \"fast\" or \"gold\"");
        cases.put(Map.of("candidates", List.of(Map.of("code", "x")), "timeout", 60), "unknown argument 'timeout'");
        cases.forEach((arguments, cause) -> assertThat(error(tool.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        engine.goldAvailable = false;
        cases.clear();
        cases.put(Map.of("candidates", List.of(Map.of("code", "x")), "trust", "gold"), "argument 'trust': this server's image has no gold grading");
        cases.forEach((arguments, cause) -> assertThat(error(tool.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(calls).isEmpty();
    }
}
