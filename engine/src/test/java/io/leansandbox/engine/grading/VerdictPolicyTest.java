package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy on hand-made evidence: each condition of validity, taken away one at a time. */
class VerdictPolicyTest {

    private static final String CODE = "theorem foo : 1 = 1 := rfl\n\nexample : 2 = 2 := rfl\n";
    private final VerdictPolicy policy = new VerdictPolicy(AxiomPolicy.standard());
    private final Submission submission = Submission.ofCode(CODE, null, 1 << 20);
    private final List<Declaration> declarations = VerdictPolicy.graded(submission);

    @Test
    void validNeedsEveryConditionMet() {
        Grade g = decide(answered(List.of(), List.of()), probe(List.of("propext"), List.of(), true), 0);
        assertThat(g.verdict()).isEqualTo(Verdict.VALID);
        assertThat(g.trust()).isEqualTo(Trust.FAST);
        assertThat(g.explanation()).contains("foo", "example@3", "no statement was given");
        assertThat(g.axiomsByDeclaration()).containsEntry("foo", List.of("propext"));
    }

    @Test
    void anErrorIsAnError() {
        Diagnostic error = new Diagnostic(Severity.ERROR, new Position(1, 24), null, "type mismatch");
        Grade g = decide(answered(List.of(error), List.of()), probe(List.of(), List.of(), true), 0);
        assertThat(g.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(g.wholeFile()).isFalse();
        assertThat(g.declarations().get(0).verdict()).isEqualTo(Verdict.ERROR);
        assertThat(g.declarations().get(1).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void everyKindOfSorryIsASorry() {
        Diagnostic warning = new Diagnostic(Severity.WARNING, new Position(1, 8), null, "declaration uses 'sorry'");
        assertThat(decide(answered(List.of(warning), List.of()), probe(List.of(), List.of(), true), 0).verdict())
                .isEqualTo(Verdict.SORRY);
        Sorry sorry = new Sorry(new Position(3, 20), null, "⊢ 2 = 2", 0);
        assertThat(decide(answered(List.of(), List.of(sorry)), probe(List.of(), List.of(), true), 0).verdict())
                .isEqualTo(Verdict.SORRY);
        Grade viaAxiom = decide(answered(List.of(), List.of()), probe(List.of("propext", "sorryAx"), List.of(), true), 0);
        assertThat(viaAxiom.verdict()).isEqualTo(Verdict.SORRY);
        assertThat(viaAxiom.explanation()).contains("sorryAx");
    }

    @Test
    void aDisallowedAxiomIsAViolation() {
        Grade g = decide(answered(List.of(), List.of()), probe(List.of("cheat"), List.of(), true), 0);
        assertThat(g.verdict()).isEqualTo(Verdict.AXIOM_VIOLATION);
        assertThat(g.explanation()).contains("cheat", "outside the allowed axioms");
        assertThat(new VerdictPolicy(AxiomPolicy.standard()).decide(submission, Trust.FAST,
                new Evidence(answered(List.of(), List.of()), probe(List.of("Lean.ofReduceBool"), List.of(), true)), Duration.ZERO)
                .verdict()).isEqualTo(Verdict.AXIOM_VIOLATION);
        assertThat(new VerdictPolicy(AxiomPolicy.standard().withNativeDecide()).decide(submission, Trust.FAST,
                new Evidence(answered(List.of(), List.of()), probe(List.of("Lean.ofReduceBool"), List.of(), true)), Duration.ZERO)
                .verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void unknownAxiomsAreUnverified() {
        Map<Declaration, AxiomAnswer> onlyFoo = new LinkedHashMap<>();
        onlyFoo.put(declarations.get(0), new AxiomAnswer("foo", List.of()));
        Grade g = decide(answered(List.of(), List.of()), new Probe.Result(onlyFoo, true, 0), 0);
        assertThat(g.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(g.explanation()).contains("did not report the axioms of example@3");
    }

    @Test
    void aProbeWithoutItsNonceProvesNothing() {
        Grade g = decide(answered(List.of(), List.of()), probe(List.of(), List.of(), false), 0);
        assertThat(g.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(g.explanation()).contains("nonce");
        assertThat(g.wholeFile()).isTrue();
        assertThat(g.declarations()).extracting(DeclarationGrade::verdict).containsOnly(Verdict.UNVERIFIED);
    }

    @Test
    void strayOutputMeansUnverified() {
        Grade g = decide(answered(List.of(), List.of()), probe(List.of(), List.of(), true), 11);
        assertThat(g.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(g.explanation()).contains("11 bytes besides its answers");
    }

    @Test
    void limitsAndFailuresHaveTheirOwnVerdicts() {
        assertThat(decide(ended(Status.TIMEOUT), null, 0).verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(decide(ended(Status.TIMEOUT), null, 0).wholeFile()).isTrue();
        assertThat(decide(ended(Status.MEMORY_EXCEEDED), null, 0).verdict()).isEqualTo(Verdict.MEMORY);
        assertThat(decide(ended(Status.INFRASTRUCTURE_ERROR), null, 0).verdict()).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(decide(ended(Status.OUTPUT_LIMIT), null, 0).verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(decide(ended(Status.ERROR), null, 0).verdict()).isEqualTo(Verdict.ERROR);
    }

    @Test
    void nothingToGradeIsNotValid() {
        Submission empty = Submission.ofCode("structure P where\n  x : Nat\n", null, 1 << 20);
        Grade g = policy.decide(empty, Trust.FAST, new Evidence(answered(List.of(), List.of()), new Probe.Result(Map.of(), true, 0)),
                Duration.ZERO);
        assertThat(g.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(g.explanation()).contains("nothing to grade");
        Grade own = policy.decide(empty, Trust.OWN, new Evidence(answered(List.of(), List.of()), new Probe.Result(Map.of(), true, 0)),
                Duration.ZERO);
        assertThat(own.verdict()).as("a file of types its author checks: no error is all there is").isEqualTo(Verdict.VALID);
        assertThat(own.wholeFile()).isFalse();
    }

    @Test
    void fastRefusesCodeThatRunsButOwnDoesNot() {
        Submission eval = Submission.ofCode("#eval 1\ntheorem t : True := trivial", null, 1 << 20);
        assertThat(policy.beforeRunning(eval, Trust.FAST)).get().extracting(Grade::verdict).isEqualTo(Verdict.UNVERIFIED);
        assertThat(policy.beforeRunning(eval, Trust.OWN)).isEmpty();
    }

    @Test
    void theStatementsTheoremMustBeTheOneLeanReports() {
        Statement s = Statement.parse("", "theorem foo : 1 = 1 := by sorry");
        Submission withStatement = new Submission(submission.source(), CODE, s);
        assertThat(policy.decide(withStatement, Trust.FAST, new Evidence(answered(List.of(), List.of()),
                probe(List.of(), List.of(), true)), Duration.ZERO).verdict()).isEqualTo(Verdict.VALID);
        Map<Declaration, AxiomAnswer> renamed = new LinkedHashMap<>();
        renamed.put(declarations.get(0), new AxiomAnswer("X.foo", List.of()));
        renamed.put(declarations.get(1), new AxiomAnswer("lean_sandbox_example_L3", List.of()));
        Grade g = policy.decide(withStatement, Trust.FAST, new Evidence(answered(List.of(), List.of()),
                new Probe.Result(renamed, true, 0)), Duration.ZERO);
        assertThat(g.verdict()).isEqualTo(Verdict.STATEMENT_MISMATCH);
    }

    private Grade decide(ReplStep check, Probe.Result probe, long stray) {
        ReplStep withStray = new ReplStep(check.result(), check.answer(), stray);
        return policy.decide(submission, Trust.FAST, new Evidence(withStray, probe), Duration.ZERO);
    }

    private Probe.Result probe(List<String> fooAxioms, List<String> exampleAxioms, boolean nonce) {
        Map<Declaration, AxiomAnswer> answers = new LinkedHashMap<>();
        answers.put(declarations.get(0), new AxiomAnswer("foo", fooAxioms));
        answers.put(declarations.get(1), new AxiomAnswer("lean_sandbox_example_L3", exampleAxioms));
        return new Probe.Result(answers, nonce, 0);
    }

    private static ReplStep answered(List<Diagnostic> messages, List<Sorry> sorries) {
        boolean errors = messages.stream().anyMatch(Diagnostic::isError);
        RunResult r = new RunResult(errors ? Status.ERROR : Status.SUCCESS, RunMode.CHECK, errors ? 1 : 0, messages, sorries, "", "",
                false, Duration.ZERO, Duration.ZERO);
        return new ReplStep(r, new ReplResponse(1, null, messages, sorries, List.of(), null, null, null));
    }

    private static ReplStep ended(Status status) {
        return new ReplStep(new RunResult(status, RunMode.CHECK, 137, List.of(), List.of(), "", "limit", false, Duration.ZERO,
                Duration.ZERO), null);
    }
}
