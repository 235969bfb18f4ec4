package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.Declarations;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides verdicts, for every front door. {@link Verdict#VALID} needs positive
 * evidence for every condition: no error, no sorry of any kind, every graded declaration's axioms
 * reported by Lean in an answer that carried the probe's nonce and all allowed, nothing else
 * written to the REPL's output, and the statement (when given) matched.
 */
public final class VerdictPolicy {

    private final AxiomPolicy axioms;

    public VerdictPolicy(AxiomPolicy axioms) {
        this.axioms = axioms;
    }

    public AxiomPolicy axioms() {
        return axioms;
    }

    /** The graded declarations of {@code submission}, in source order. */
    static List<Declaration> graded(Submission submission) {
        return Declarations.in(submission.source().text()).stream().filter(Declaration::isGraded).toList();
    }

    /** A grade decided before anything ran: a refused construct or a statement mismatch, else empty. */
    Optional<Grade> beforeRunning(Submission submission, Trust trust) {
        if (trust == Trust.FAST) {
            Optional<RefusedConstructs.Refusal> refusal = RefusedConstructs.find(submission.candidateText());
            if (refusal.isPresent()) {
                return Optional.of(unrun(submission, trust, Verdict.UNVERIFIED, "fast grading refuses "
                        + refusal.get().describe() + "; only gold grading can judge such a candidate"));
            }
        }
        return statementProblem(submission).map(why -> unrun(submission, trust, Verdict.STATEMENT_MISMATCH, why));
    }

    /** Why the candidate's text does not state the statement, if it does not. */
    static Optional<String> statementProblem(Submission submission) {
        Statement statement = submission.statement();
        if (statement == null) {
            return Optional.empty();
        }
        String text = submission.source().text();
        Optional<Declaration> found = Declarations.in(text).stream().filter(d -> statement.name().equals(d.name())).findFirst();
        if (found.isEmpty()) {
            return Optional.of("the code does not declare theorem " + statement.name() + " at the top level");
        }
        Declaration d = found.get();
        if (!d.isTheorem()) {
            return Optional.of(statement.name() + " is declared as " + article(d.kind()) + ", not as a theorem");
        }
        String signature = Statement.signature(text, d).orElse("");
        if (!signature.equals(statement.signature())) {
            return Optional.of(statement.name() + " states `" + abbreviate(signature) + "` instead of `"
                    + abbreviate(statement.signature()) + "`");
        }
        return Optional.empty();
    }

    /** The grade of a check that ran, from what it and its probe showed. */
    Grade decide(Submission submission, Trust trust, Evidence evidence, Duration elapsed) {
        RunResult r = evidence.result();
        List<Declaration> declarations = graded(submission);
        Optional<String> fileProblem = Optional.empty();
        Verdict fileVerdict = null;
        switch (r.status()) {
            case TIMEOUT -> {
                fileVerdict = Verdict.TIMEOUT;
                fileProblem = Optional.of("the check reached the time limit");
            }
            case MEMORY_EXCEEDED -> {
                fileVerdict = Verdict.MEMORY;
                fileProblem = Optional.of("the check ran out of memory: " + r.stderr().strip());
            }
            case INFRASTRUCTURE_ERROR -> {
                fileVerdict = Verdict.INFRA_ERROR;
                fileProblem = Optional.of("no verdict, the sandbox failed: " + r.stderr().strip());
            }
            case SANDBOX_VIOLATION -> {
                // The candidate's own doing: final, never retried as an infrastructure error would be.
                fileVerdict = Verdict.UNVERIFIED;
                fileProblem = Optional.of(r.stderr().strip());
            }
            case OUTPUT_LIMIT -> {
                fileVerdict = Verdict.UNVERIFIED;
                fileProblem = Optional.of("the output passed its cap, so Lean's answer was cut: " + r.stderr().strip());
            }
            default -> {
            }
        }
        if (fileVerdict == null && evidence.check().refused()) {
            fileVerdict = Verdict.INFRA_ERROR;
            fileProblem = Optional.of(r.stderr().strip());
        } else if (fileVerdict == null && !evidence.check().answered()) {
            fileVerdict = Verdict.ERROR;
            fileProblem = Optional.of("the REPL ended without answering (exit code " + r.exitCode() + "): " + r.stderr().strip());
        } else if (fileVerdict == null && evidence.strayBytes() > 0) {
            fileVerdict = Verdict.UNVERIFIED;
            fileProblem = Optional.of("the REPL's output held " + evidence.strayBytes()
                    + " bytes besides its answers: something the candidate ran wrote to it");
        } else if (fileVerdict == null && (evidence.probe() == null || !evidence.probe().nonceConfirmed())) {
            fileVerdict = Verdict.UNVERIFIED;
            fileProblem = Optional.of("the probe's answer did not carry its nonce, so no answer of this REPL can be trusted");
        }
        if (fileVerdict != null) {
            Verdict v = fileVerdict;
            String why = fileProblem.get();
            return new Grade(v, trust, why, declarations.stream().map(d -> new DeclarationGrade(d, d.name(), null, v, why)).toList(),
                    r, elapsed, true);
        }
        List<DeclarationGrade> grades = new ArrayList<>();
        for (Declaration d : declarations) {
            grades.add(gradeOf(d, r, evidence.probe()));
        }
        return new Grade(overall(submission, trust, r, grades), trust, explain(submission, trust, r, grades), grades, r, elapsed);
    }

    private DeclarationGrade gradeOf(Declaration d, RunResult r, Probe.Result probe) {
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).filter(m -> inside(d, m)).toList();
        Optional<AxiomAnswer> answer = probe.of(d);
        String name = answer.map(AxiomAnswer::name).orElse(d.name());
        List<String> found = answer.map(AxiomAnswer::axioms).orElse(null);
        if (!errors.isEmpty()) {
            return new DeclarationGrade(d, name, found, Verdict.ERROR, "Lean reported " + describe(errors.get(0)));
        }
        boolean sorry = r.sorries().stream().anyMatch(s -> s.start() != null && d.contains(s.start().line()))
                || r.diagnostics().stream().anyMatch(m -> m.isSorryWarning() && inside(d, m));
        if (sorry) {
            return new DeclarationGrade(d, name, found, Verdict.SORRY, "it uses sorry");
        }
        if (found == null) {
            return new DeclarationGrade(d, name, null, Verdict.UNVERIFIED, "Lean did not report the axioms of " + d.displayName());
        }
        if (found.contains(AxiomPolicy.SORRY_AXIOM)) {
            return new DeclarationGrade(d, name, found, Verdict.SORRY, name + " depends on sorryAx");
        }
        List<String> disallowed = axioms.disallowed(found);
        if (!disallowed.isEmpty()) {
            return new DeclarationGrade(d, name, found, Verdict.AXIOM_VIOLATION, name + " depends on "
                    + String.join(", ", disallowed) + ", outside the allowed axioms [" + String.join(", ", axioms.allowed()) + "]");
        }
        return new DeclarationGrade(d, name, found, Verdict.VALID, "Lean accepted it; its axioms ["
                + String.join(", ", found) + "] are allowed");
    }

    private Verdict overall(Submission submission, Trust trust, RunResult r, List<DeclarationGrade> grades) {
        if (r.hasErrors()) {
            return Verdict.ERROR;
        }
        if (!r.sorries().isEmpty() || r.diagnostics().stream().anyMatch(Diagnostic::isSorryWarning)) {
            return Verdict.SORRY;
        }
        for (Verdict worst : List.of(Verdict.ERROR, Verdict.SORRY, Verdict.AXIOM_VIOLATION, Verdict.UNVERIFIED)) {
            if (grades.stream().anyMatch(g -> g.verdict() == worst)) {
                return worst;
            }
        }
        if (grades.isEmpty()) {
            // Code its author checks may declare only types and commands: no error is all there is to ask.
            return trust == Trust.OWN ? Verdict.VALID : Verdict.UNVERIFIED;
        }
        if (statementNameProblem(submission, grades).isPresent()) {
            return Verdict.STATEMENT_MISMATCH;
        }
        return Verdict.VALID;
    }

    private String explain(Submission submission, Trust trust, RunResult r, List<DeclarationGrade> grades) {
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            return "Lean reported " + errors.size() + " error(s), the first " + describe(errors.get(0));
        }
        if (!r.sorries().isEmpty()) {
            return "the proof uses sorry at " + r.sorries().get(0).start();
        }
        Optional<Diagnostic> warning = r.diagnostics().stream().filter(Diagnostic::isSorryWarning).findFirst();
        if (warning.isPresent()) {
            return "Lean warns " + describe(warning.get());
        }
        for (Verdict worst : List.of(Verdict.ERROR, Verdict.SORRY, Verdict.AXIOM_VIOLATION, Verdict.UNVERIFIED)) {
            Optional<DeclarationGrade> g = grades.stream().filter(d -> d.verdict() == worst).findFirst();
            if (g.isPresent()) {
                return g.get().displayName() + ": " + g.get().explanation();
            }
        }
        if (grades.isEmpty()) {
            return trust == Trust.OWN ? "Lean reported no error; the file declares nothing to grade (no theorem, lemma, example or definition)"
                    : "the code declares nothing to grade (no theorem, lemma, example or definition)";
        }
        Optional<String> nameProblem = statementNameProblem(submission, grades);
        if (nameProblem.isPresent()) {
            return nameProblem.get();
        }
        List<String> used = grades.stream().flatMap(g -> g.axioms().stream()).distinct().toList();
        return "Lean accepted " + String.join(", ", grades.stream().map(DeclarationGrade::displayName).toList())
                + " with no error and no sorry; axioms used: " + (used.isEmpty() ? "none" : String.join(", ", used)) + ", all allowed"
                + (submission.statement() == null ? "; no statement was given, so what it proves was not checked"
                : "; it proves the given statement " + submission.statement().name());
    }

    private static Optional<String> statementNameProblem(Submission submission, List<DeclarationGrade> grades) {
        Statement statement = submission.statement();
        if (statement == null) {
            return Optional.empty();
        }
        boolean reported = grades.stream().anyMatch(g -> statement.name().equals(g.declaration().name())
                && g.name() != null && g.name().replace("«", "").replace("»", "").equals(statement.name().replace("«", "").replace("»", "")));
        return reported ? Optional.empty() : Optional.of("Lean did not report a theorem named exactly " + statement.name());
    }

    private Grade unrun(Submission submission, Trust trust, Verdict verdict, String why) {
        RunResult none = new RunResult(Status.ERROR, RunMode.CHECK, -1, List.of(), List.of(), "", "not run: " + why, false,
                Duration.ZERO, Duration.ZERO);
        return new Grade(verdict, trust, why, graded(submission).stream()
                .map(d -> new DeclarationGrade(d, d.name(), null, verdict, why)).toList(), none, Duration.ZERO, true);
    }

    private static boolean inside(Declaration d, Diagnostic m) {
        return m.start() != null && d.contains(m.start().line());
    }

    private static String describe(Diagnostic d) {
        return "at " + d.start() + ": " + abbreviate(d.message().strip());
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
