package io.leansandbox.mcp;

import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
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
import java.util.function.Function;

import static io.leansandbox.mcp.ToolResults.conforming;
import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code check-proof} over a fake engine: arguments passed on (statement, axioms, trust), and the rendering of each verdict. */
class CheckProofToolTest {

    private final FakeEngine engine = new FakeEngine();
    private final CheckProofTool tool = new CheckProofTool(engine);
    private final List<FakeEngine.GradeCall> calls = new ArrayList<>();

    /** Shaped after transcript dup_sorries' first answer (the integration test replays it for real). */
    private static Grade sorry(FakeEngine.GradeCall call) {
        Diagnostic warning = new Diagnostic(Severity.WARNING, new Position(1, 8), new Position(1, 12), "declaration uses `sorry`");
        Sorry sorry = new Sorry(new Position(1, 24), new Position(1, 29), "⊢ 1 = 1", 0);
        RunResult result = new RunResult(Status.SUCCESS, RunMode.CHECK, 0, List.of(warning), List.of(sorry), "", "", false,
                Duration.ofMillis(12), Duration.ofMillis(8));
        DeclarationGrade thm = new DeclarationGrade(new Declaration("theorem", "thm1", 1, 1), "thm1", null, Verdict.SORRY, "it uses sorry");
        return new Grade(Verdict.SORRY, call.trust(), "the proof uses sorry at 1:24", List.of(thm), result, Duration.ofMillis(20));
    }

    private CallToolResult call(Map<String, Object> arguments, Function<FakeEngine.GradeCall, Grade> grade) {
        engine.onGrade = c -> {
            calls.add(c);
            return grade.apply(c);
        };
        return tool.call(arguments);
    }

    @Test
    void theDefaultsAreTheConfiguredAxiomsFastTrustAndNoStatement() {
        call(Map.of("code", "theorem t : True := trivial"), c -> Grades.valid());
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.axioms()).as("null: the engine's configured policy").isNull();
            assertThat(c.trust()).isEqualTo(Trust.FAST);
            assertThat(c.submission().statement()).isNull();
            assertThat(c.submission().source().text()).isEqualTo("theorem t : True := trivial");
            assertThat(c.submission().candidateText()).isEqualTo("theorem t : True := trivial");
        });
    }

    @Test
    void allowedAxiomsStatementAndTrustArePassedOn() {
        call(Map.of("code", "import Mathlib\ntheorem t : True := trivial", "allowed_axioms", List.of("propext"),
                "formal_statement", "theorem t : True := by sorry", "header", "import Mathlib", "trust", "gold"), c -> Grades.valid());
        call(Map.of("code", "theorem t : True := trivial", "allowed_axioms", List.of()), c -> Grades.valid());
        assertThat(calls).extracting(FakeEngine.GradeCall::axioms).containsExactly(new AxiomPolicy(List.of("propext")), new AxiomPolicy(List.of()));
        FakeEngine.GradeCall gold = calls.get(0);
        assertThat(gold.trust()).isEqualTo(Trust.GOLD);
        assertThat(gold.submission().statement().name()).isEqualTo("t");
        assertThat(gold.submission().statement().header()).isEqualTo("import Mathlib");
        assertThat(gold.submission().source().text()).as("the code is the whole file").isEqualTo("import Mathlib\ntheorem t : True := trivial");
    }

    @Test
    void aSorryVerdictIsRenderedWithTrustExplanationDeclarationsAndMessages() {
        CallToolResult result = call(Map.of("code", "theorem thm1 : 1 = 1 := sorry"), CheckProofToolTest::sorry);
        assertThat(text(result)).isEqualTo("""
                Verdict: sorry
                Trust: fast
                Explanation: the proof uses sorry at 1:24
                theorem thm1 (line 1): sorry; axioms: unknown
                Status: SUCCESS
                Exit Code: 0
                Output:
                1:8: warning: declaration uses `sorry`
                Sorries:
                1:24: ⊢ 1 = 1""");
        Map<String, Object> fields = structured(CheckProofTool.TOOL, result);
        assertThat(fields.keySet()).containsExactly("verdict", "trust", "explanation", "declarations", "axioms", "status",
                "diagnostics", "sorries", "elapsed_ms");
        assertThat(fields).containsEntry("verdict", "sorry").containsEntry("trust", "fast").containsEntry("axioms", List.of())
                .containsEntry("status", "SUCCESS").containsEntry("elapsed_ms", 20L);
        Map<String, Object> declaration = new java.util.LinkedHashMap<>();
        declaration.put("name", "thm1");
        declaration.put("kind", "theorem");
        declaration.put("line", 1);
        declaration.put("verdict", "sorry");
        declaration.put("axioms", null);
        assertThat(fields.get("declarations")).isEqualTo(List.of(declaration));
        assertThat(fields.get("diagnostics")).asList().singleElement().isEqualTo(Map.of("severity", "warning", "line", 1,
                "column", 8, "end_line", 1, "end_column", 12, "message", "declaration uses `sorry`"));
    }

    @Test
    void axiomsAreTheUnionAndEachDeclarationKeepsItsOwn() {
        DeclarationGrade a = new DeclarationGrade(new Declaration("theorem", "a", 1, 1), "a", List.of("propext"), Verdict.VALID, "ok");
        DeclarationGrade b = new DeclarationGrade(new Declaration("example", null, 2, 2), "lean_sandbox_example_L2",
                List.of("propext", "Quot.sound"), Verdict.VALID, "ok");
        DeclarationGrade c = new DeclarationGrade(new Declaration("def", "c", 3, 3), "c", List.of(), Verdict.VALID, "ok");
        CallToolResult result = call(Map.of("code", "x"), call -> new Grade(Verdict.VALID, Trust.FAST, "fine", List.of(a, b, c),
                Results.success(), Duration.ofMillis(3)));
        assertThat(text(result)).contains("theorem a (line 1): valid; axioms: propext\n"
                + "example example@2 (line 2): valid; axioms: propext, Quot.sound\n"
                + "def c (line 3): valid; axioms: none\n");
        assertThat(structured(CheckProofTool.TOOL, result)).containsEntry("axioms", List.of("propext", "Quot.sound"));
    }

    @Test
    void everyVerdictHasItsWireName() {
        for (Verdict verdict : Verdict.values()) {
            CallToolResult result = call(Map.of("code", "theorem t : True := trivial"),
                    c -> Grades.of(verdict, Trust.GOLD, "why", null, Results.success()));
            assertThat(conforming(CheckProofTool.TOOL, result)).containsEntry("verdict", verdict.wireName()).containsEntry("trust", "gold");
            assertThat(text(result)).startsWith("Verdict: " + verdict.wireName() + "\nTrust: gold\n");
            assertThat(result.isError()).as("isError for %s", verdict).isEqualTo(verdict == Verdict.INFRA_ERROR);
        }
    }

    @Test
    void anInfraErrorIsAnErrorThatStillCarriesTheGrade() {
        CallToolResult result = call(Map.of("code", "theorem t : True := trivial"), c -> Grades.of(Verdict.INFRA_ERROR, Trust.FAST,
                "no verdict, the sandbox failed: agent died", null, Results.infrastructureError("the sandbox failed: agent died")));
        assertThat(error(result)).contains("Verdict: infra_error", "agent died");
        assertThat(conforming(CheckProofTool.TOOL, result)).containsEntry("status", "INFRASTRUCTURE_ERROR");
    }

    @Test
    void badArgumentsAreNamed() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("allowed_axioms", List.of()), "missing required argument 'code'",
                Map.of("code", "t", "allowed_axioms", "propext"), "argument 'allowed_axioms' must be an array of axiom names, got a string",
                Map.of("code", "t", "allowed_axioms", List.of("propext", 3)), "argument 'allowed_axioms' must hold axiom names, but item 1 is a number",
                Map.of("code", "t", "axioms", List.of()), "unknown argument 'axioms' (this tool takes code, formal_statement, header, allowed_axioms, trust)",
                Map.of("code", "t", "trust", "own"), "argument 'trust' must be \"fast\" or \"gold\", got \"own\"",
                Map.of("code", "t", "trust", 3), "argument 'trust' must be a string, got a number",
                Map.of("code", "t", "header", "import Mathlib"), "argument 'header' is only meaningful with 'formal_statement'",
                Map.of("code", "t", "formal_statement", "theorem t : True := trivial"), "argument 'formal_statement': the formal statement of t must end in",
                Map.of("code", "t", "formal_statement", " "), "argument 'formal_statement' is empty");
        cases.forEach((arguments, cause) -> assertThat(error(tool.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void goldIsRefusedWhenTheImageHasNoComparator() {
        engine.goldAvailable = false;
        assertThat(error(tool.call(Map.of("code", "t", "trust", "gold")))).startsWith("Invalid arguments: argument 'trust': this server's image has no gold grading");
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void refusedSourceIsAnErrorNamingIt() {
        engine.maxSourceBytes = 10;
        assertThat(error(tool.call(Map.of("code", "theorem t : True := trivial")))).startsWith("Invalid Lean source: ");
        assertThat(engine.calls).isEmpty();
    }
}
