package io.leansandbox.mcp;

import io.leansandbox.engine.proof.ProofReport;
import io.leansandbox.engine.proof.Verdict;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.conforming;
import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code check-proof} over a fake engine: arguments, the allow-list passed on, and the rendering of each verdict. */
class CheckProofToolTest {

    private final FakeEngine engine = new FakeEngine();
    private final CheckProofTool tool = new CheckProofTool(engine);
    private final List<List<String>> allowLists = new ArrayList<>();

    /** Shaped after transcript dup_sorries' first answer (the integration test replays it for real). */
    private static ProofReport sorry(List<String> allowed) {
        Diagnostic warning = new Diagnostic(Severity.WARNING, new Position(1, 8), new Position(1, 12), "declaration uses `sorry`");
        Sorry sorry = new Sorry(new Position(1, 24), new Position(1, 29), "⊢ 1 = 1", 0);
        RunResult result = new RunResult(Status.SUCCESS, RunMode.CHECK, 0, List.of(warning), List.of(sorry), "", "", false,
                Duration.ofMillis(12), Duration.ofMillis(8));
        return new ProofReport(Verdict.SORRY, "thm1 uses sorry (sorry at 1:24)", result, List.of("thm1"),
                List.of("sorryAx"), true, allowed, List.of("sorryAx"));
    }

    private static ProofReport valid(List<String> allowed) {
        return new ProofReport(Verdict.VALID, "Lean accepts t, with no sorry and only allowed axioms", Results.success(),
                List.of("t"), List.of("propext"), true, allowed, List.of());
    }

    private CallToolResult call(Map<String, Object> arguments, java.util.function.Function<List<String>, ProofReport> report) {
        engine.onCheckProof = allowed -> {
            allowLists.add(allowed);
            return report.apply(allowed);
        };
        return tool.call(arguments);
    }

    @Test
    void theDefaultAllowListIsTheStandardThree() {
        call(Map.of("code", "theorem t : True := trivial"), CheckProofToolTest::valid);
        assertThat(allowLists).containsExactly(List.of("propext", "Classical.choice", "Quot.sound"));
    }

    @Test
    void aGivenAllowListIsPassedOnAndAnEmptyOneAllowsNone() {
        call(Map.of("code", "theorem t : True := trivial", "allowed_axioms", List.of("propext")), CheckProofToolTest::valid);
        call(Map.of("code", "theorem t : True := trivial", "allowed_axioms", List.of()), CheckProofToolTest::valid);
        assertThat(allowLists).containsExactly(List.of("propext"), List.of());
    }

    @Test
    void aSorryVerdictIsRenderedWithItsExplanationAxiomsAndMessages() {
        CallToolResult result = call(Map.of("code", "theorem thm1 : 1 = 1 := sorry"), CheckProofToolTest::sorry);
        assertThat(text(result)).isEqualTo("""
                Verdict: sorry
                Explanation: thm1 uses sorry (sorry at 1:24)
                Theorems: thm1
                Axioms: sorryAx
                Allowed Axioms: propext, Classical.choice, Quot.sound
                Disallowed Axioms: sorryAx
                Status: SUCCESS
                Exit Code: 0
                Output:
                1:8: warning: declaration uses `sorry`
                Sorries:
                1:24: ⊢ 1 = 1""");
        Map<String, Object> fields = structured(CheckProofTool.TOOL, result);
        assertThat(fields).containsEntry("verdict", "sorry").containsEntry("theorems", List.of("thm1"))
                .containsEntry("axioms", List.of("sorryAx")).containsEntry("axioms_known", true)
                .containsEntry("axioms_allowed", false).containsEntry("disallowed_axioms", List.of("sorryAx"))
                .containsEntry("status", "SUCCESS");
        assertThat(fields.get("diagnostics")).asList().singleElement().isEqualTo(Map.of("severity", "warning", "line", 1,
                "column", 8, "end_line", 1, "end_column", 12, "message", "declaration uses `sorry`"));
        assertThat(fields.keySet()).containsExactly("verdict", "explanation", "theorems", "axioms", "axioms_known",
                "axioms_allowed", "allowed_axioms", "disallowed_axioms", "status", "diagnostics", "sorries", "elapsed_ms");
    }

    @Test
    void unknownAxiomsSaySo() {
        CallToolResult result = call(Map.of("code", "theorem t : True := trivial"), allowed -> new ProofReport(Verdict.VALID,
                "x", Results.success(), List.of("t"), List.of(), false, allowed, List.of()));
        assertThat(text(result)).contains("Axioms: unknown (Lean did not report them for every theorem)\n")
                .doesNotContain("Disallowed Axioms");
        assertThat(structured(CheckProofTool.TOOL, result)).containsEntry("axioms_known", false).containsEntry("axioms_allowed", false);
    }

    @Test
    void everyVerdictIsNamedInLowerCase() {
        for (Verdict verdict : Verdict.values()) {
            CallToolResult result = call(Map.of("code", "theorem t : True := trivial"), allowed -> new ProofReport(verdict, "why",
                    Results.success(), List.of("t"), List.of(), false, allowed, List.of()));
            assertThat(conforming(CheckProofTool.TOOL, result)).containsEntry("verdict", verdict.name().toLowerCase());
            assertThat(text(result)).startsWith("Verdict: " + verdict.name().toLowerCase() + "\n");
        }
    }

    @Test
    void aFailedSandboxIsAnErrorThatStillCarriesTheReport() {
        CallToolResult result = call(Map.of("code", "theorem t : True := trivial"), allowed -> new ProofReport(Verdict.UNAVAILABLE,
                "no verdict: the sandbox failed", Results.infrastructureError("the sandbox failed: agent died"),
                List.of("t"), List.of(), false, allowed, List.of()));
        assertThat(error(result)).contains("Verdict: unavailable", "agent died");
        assertThat(conforming(CheckProofTool.TOOL, result)).containsEntry("status", "INFRASTRUCTURE_ERROR");
    }

    @Test
    void badArgumentsAreNamed() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("allowed_axioms", List.of()), "missing required argument 'code'",
                Map.of("code", "t", "allowed_axioms", "propext"), "argument 'allowed_axioms' must be an array of axiom names, got a string",
                Map.of("code", "t", "allowed_axioms", List.of("propext", 3)), "argument 'allowed_axioms' must hold axiom names, but item 1 is a number",
                Map.of("code", "t", "allowed_axioms", List.of(" ")), "argument 'allowed_axioms' must hold axiom names, but item 0 is empty",
                Map.of("code", "t", "axioms", List.of()), "unknown argument 'axioms' (this tool takes code, allowed_axioms)");
        cases.forEach((arguments, cause) -> assertThat(error(tool.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(engine.calls).isEmpty();
    }
}
