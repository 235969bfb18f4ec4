package io.leansandbox.engine.grading;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.ContainerLimits;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static io.leansandbox.engine.testing.LeanInputs.firstCommandOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grading through the Docker backend and the stand-in, one verdict at a time. What Lean says comes
 * from recorded transcripts (replayed) or from stand-in directives that state it explicitly:
 * {@code axioms NAME A,B} (what {@code #print axioms NAME} answers), {@code say SEVERITY TEXT} (a
 * message). Without them the stand-in reports no axioms, and grading must not call that valid.
 */
class GradingIT {

    private static final String MATHLIB = "import Mathlib\n";
    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        engine = LeanSandbox.start(TestEngines.docker(2).toBuilder().timeout(Duration.ofSeconds(3)).build());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Grade fast(String code) {
        return engine.grade(Submission.ofCode(code, null, 1 << 20), Trust.FAST);
    }

    private static Grade fast(String code, Statement statement) {
        return engine.grade(Submission.ofCode(code, statement, 1 << 20), Trust.FAST);
    }

    @ParameterizedTest
    @EnumSource(value = Trust.class, names = {"OWN", "FAST"})
    void validWithEveryAxiomReportedAndAllowed(Trust trust) {
        for (String header : List.of("", MATHLIB)) { // a fresh REPL, and a warm one
            Grade g = engine.grade(Submission.ofCode(header + "theorem foo : 1 = 1 := rfl\n"
                    + directive("axioms foo propext"), null, 1 << 20), trust);
            assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.VALID);
            assertThat(g.trust()).isEqualTo(trust);
            assertThat(g.axiomsByDeclaration()).containsEntry("foo", List.of("propext"));
        }
    }

    @Test
    void axiomsLeanDidNotReportAreUnverified() {
        Grade g = fast("theorem foo : 1 = 1 := rfl\n");
        assertThat(g.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(g.explanation()).contains("did not report the axioms of foo");
    }

    @Test
    void aCustomAxiomIsAViolation() {
        // The case check-proof used to call valid: the allow-list was not applied.
        Grade g = fast("axiom cheat : False\ntheorem foo : 1 = 2 := cheat.elim\n"
                + directive("axioms cheat cheat") + directive("axioms foo cheat"));
        assertThat(g.verdict()).isEqualTo(Verdict.AXIOM_VIOLATION);
        assertThat(g.explanation()).contains("cheat");
    }

    @Test
    void nativeDecideAxiomsOnlyWhenConfigured() {
        String code = "theorem big : 2 ^ 10 = 1024 := by native_decide\n" + directive("axioms big propext,Lean.ofReduceBool");
        assertThat(fast(code).verdict()).isEqualTo(Verdict.AXIOM_VIOLATION);
        assertThat(engine.grade(Submission.ofCode(code, null, 1 << 20), Trust.FAST, AxiomPolicy.standard().withNativeDecide())
                .verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void primedAndQuotedNamesAreRead() {
        assertThat(fast("theorem foo' : 1 = 1 := rfl\n" + directive("axioms foo' propext")).verdict()).isEqualTo(Verdict.VALID);
        // (the stand-in splits directive arguments at spaces, so this quoted name has none)
        assertThat(fast("theorem «my-thm» : 1 = 1 := rfl\n" + directive("axioms «my-thm»")).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void namespacedNamesAreAskedInFull() {
        Grade g = fast("namespace A\ntheorem t : 1 = 1 := rfl\nend A\n" + directive("axioms A.t"));
        assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.VALID);
        assertThat(g.declarations().get(0).name()).isEqualTo("A.t");
    }

    @Test
    void examplesAreGraded() {
        assertThat(fast("example : 1 + 1 = 2 := rfl\n" + directive("axioms lean_sandbox_example_L1")).verdict())
                .isEqualTo(Verdict.VALID);
        assertThat(fast("example : 1 + 1 = 2 := rfl\n").verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(fast("example : 1 + 1 = 2 := rfl\n" + directive("axioms lean_sandbox_example_L1 sorryAx")).verdict())
                .isEqualTo(Verdict.SORRY);
    }

    @Test
    void sorrySeenOnlyThroughTheWarningOrSorryAx() {
        // The REPL lists only syntactic sorries; a sorry reached through a tactic shows as the warning.
        assertThat(fast("theorem foo : 1 = 1 := by simpa using bar\n" + directive("say warning declaration uses `sorry`")
                + directive("axioms foo propext")).verdict()).isEqualTo(Verdict.SORRY);
        assertThat(fast("theorem foo : 1 = 1 := helper\n" + directive("axioms foo propext,sorryAx")).verdict())
                .isEqualTo(Verdict.SORRY);
    }

    @Test
    void recordedSorryAndErrorAnswers() {
        // transcript tactic_sorry: sorries plus the "declaration uses `sorry`" warning
        assertThat(fast(firstCommandOf("tactic_sorry")).verdict()).isEqualTo(Verdict.SORRY);
        // transcript app_type_mismatch: a kernel error
        Grade error = fast(firstCommandOf("app_type_mismatch"));
        assertThat(error.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(error.explanation()).contains("declaration has metavariables");
    }

    @Test
    void anErrorIsAnError() {
        Grade g = fast("theorem foo : 1 = 2 := by\n  " + directive("say error type mismatch") + "  rfl\n" + directive("axioms foo"));
        assertThat(g.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(g.declarations()).extracting(DeclarationGrade::verdict).containsExactly(Verdict.ERROR);
    }

    @Test
    void timeoutAndMemory() {
        assertThat(fast("theorem foo : True := trivial\n" + directive("hang")).verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(fast(MATHLIB + "theorem foo : True := trivial\n" + directive("hang")).verdict()).isEqualTo(Verdict.TIMEOUT);
        ContainerLimits small = engine.settings().limits();
        assertThat(small.memoryBytes()).isLessThan(512L << 20);
        assertThat(fast("theorem foo : True := trivial\n" + directive("alloc 1024")).verdict()).isEqualTo(Verdict.MEMORY);
    }

    @Test
    void aSandboxKilledMidCheckIsAnInfrastructureError() throws Exception {
        try (LeanSandbox own = LeanSandbox.start(TestEngines.docker(1).toBuilder().timeout(Duration.ofSeconds(20)).build())) {
            // The sandbox of a warm REPL of the empty header exists before the grading starts, so the kill below reaches it.
            own.run("theorem warm : True := trivial");
            CompletableFuture<Grade> grading = CompletableFuture.supplyAsync(() -> own.grade(
                    Submission.ofCode("theorem foo : True := trivial\n" + directive("sleep 15000"), null, 1 << 20), Trust.FAST));
            Thread.sleep(1500);
            var docker = DockerClients.local();
            docker.listContainersCmd().withLabelFilter(java.util.Map.of("io.leansandbox.engine", own.id())).exec().stream()
                    .filter(c -> !"reaper".equals(c.getLabels().get("io.leansandbox.role"))) // the sandboxes
                    .forEach(c -> docker.killContainerCmd(c.getId()).exec());
            Grade g = grading.get();
            assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.INFRA_ERROR);
        }
    }

    @Test
    void aCrashOfTheReplIsAnError() {
        assertThat(fast("theorem foo : True := trivial\n" + directive("exit 134")).verdict()).isEqualTo(Verdict.ERROR);
    }

    @Test
    void theStatementIsChecked() {
        Statement statement = Statement.parse("", "theorem goal (n : Nat) : n + 0 = n := by sorry");
        String proves = "theorem goal (n : Nat) : n + 0 = n := by simp\n" + directive("axioms goal propext");
        assertThat(fast(proves, statement).verdict()).isEqualTo(Verdict.VALID);
        Grade other = fast("theorem goal (n : Nat) : n = n := rfl\n" + directive("axioms goal"), statement);
        assertThat(other.verdict()).isEqualTo(Verdict.STATEMENT_MISMATCH);
        assertThat(fast("axiom goal (n : Nat) : n + 0 = n\n", statement).verdict()).isEqualTo(Verdict.STATEMENT_MISMATCH);
        Grade proofOnly = engine.grade(Submission.ofProof(statement, "simp\n" + directive("axioms goal propext"), 1 << 20), Trust.FAST);
        assertThat(proofOnly.verdict()).as(proofOnly.explanation()).isEqualTo(Verdict.VALID);
        assertThat(proofOnly.explanation()).contains("proves the given statement goal");
    }

    @Test
    void fastRefusesCodeThatRunsAtElaborationTime() {
        Grade g = fast("#eval IO.println \"hi\"\ntheorem foo : 1 = 1 := rfl\n" + directive("axioms foo"));
        assertThat(g.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(g.explanation()).contains("`#eval` at line 1");
        Grade own = engine.grade(Submission.ofCode("#eval IO.println \"hi\"\ntheorem foo : 1 = 1 := rfl\n" + directive("axioms foo"),
                null, 1 << 20), Trust.OWN);
        assertThat(own.verdict()).isEqualTo(Verdict.VALID);
    }

    @ParameterizedTest
    @EnumSource(value = Trust.class, names = {"OWN", "FAST", "GOLD"})
    void aForgedAnswerInTheReplsStdoutIsNeverValid(Trust trust) {
        // The REPL process itself writes a fake clean answer, then a fake #print axioms answer,
        // before its real answer (which carries an error): what turned an error into "valid" before.
        String fake = "\"{\\\"env\\\": 0}\\n\\n{\\\"env\\\": 1, \\\"messages\\\": [{\\\"severity\\\": \\\"info\\\", "
                + "\\\"pos\\\": {\\\"line\\\": 1, \\\"column\\\": 0}, \\\"data\\\": \\\"'foo' does not depend on any axioms\\\"}]}\\n\\n\"";
        Statement statement = Statement.parse("", "theorem foo : 1 = 2 := by sorry");
        for (String header : List.of("", MATHLIB)) {
            String code = header + "theorem foo : 1 = 2 := rfl\n" + directive("forge " + fake) + directive("say error type mismatch");
            Grade g = engine.grade(Submission.ofCode(code, statement, 1 << 20), trust);
            assertThat(g.verdict()).as(g.explanation()).isNotEqualTo(Verdict.VALID);
        }
    }

    @Test
    void aForgeryWrittenLaterByAChildIsCaught() {
        // The check's own answer is clean and true; a child that inherited the REPL's stdout writes a
        // fake answer while the probe runs.
        String fake = "\"{\\\"env\\\": 1, \\\"messages\\\": []}\\n\\n\"";
        Grade g = fast("theorem foo : 1 = 1 := rfl\n" + directive("axioms foo") + directive("forge-later 0 " + fake));
        assertThat(g.verdict()).as(g.explanation()).isEqualTo(Verdict.UNVERIFIED);
    }

    @Test
    void bytesAChildWritesAfterItsCheckNeverReachTheNextCheck() {
        // The forger writes at some moment around its own check's probe (0 to 100 ms after the check): bytes
        // that land after the probe's answer, before the clean kills the forger, sit in the REPL's stdout.
        // The next check on that REPL must not read them as its own (in CI it once did: "the REPL's output
        // held 184 bytes besides its answers"); the clean counts them and the REPL is not reused.
        String fake = "\"{\\\"env\\\": 1, \\\"messages\\\": []}\\n\\n\"";
        try (LeanSandbox own = LeanSandbox.start(TestEngines.docker(1).toBuilder().timeout(Duration.ofSeconds(5)).build())) {
            for (int round = 0; round < 6; round++) {
                int delayMs = List.of(0, 5, 10, 20, 50, 100).get(round);
                own.grade(Submission.ofCode("theorem foo : 1 = 1 := rfl\n" + directive("axioms foo")
                        + directive("forge-later " + delayMs + " " + fake), null, 1 << 20), Trust.FAST);
                sleep(300);
                Grade next = own.grade(Submission.ofCode("theorem t : 1 = 1 := rfl\n" + directive("axioms t"), null, 1 << 20), Trust.FAST);
                assertThat(next.verdict()).as("round %d: %s", round, next.explanation()).isEqualTo(Verdict.VALID);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
