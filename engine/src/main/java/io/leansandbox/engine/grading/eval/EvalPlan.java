package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An {@link Evaluation} with its input read: what is left to grade, what is already graded, and the
 * input issues. Holds the results file open for appending; close it when done.
 */
public final class EvalPlan implements AutoCloseable {

    private final Evaluation evaluation;
    private final ProblemsFile problems;
    private final ResultsFile results;
    private final List<Candidate> pending = new ArrayList<>();
    private final List<InputIssue> issues = new ArrayList<>();
    private final int skippedByResume;

    EvalPlan(Evaluation evaluation, ProblemsFile problems, CandidatesFile candidates, ResultsFile results) {
        this.evaluation = evaluation;
        this.problems = problems;
        this.results = results;
        if (problems != null) {
            issues.addAll(problems.issues());
        }
        issues.addAll(candidates.issues());
        issues.addAll(results.issues());
        // An infra_error is no verdict: such a candidate is graded again, and its new line wins.
        Set<AttemptKey> done = new HashSet<>();
        results.lines().stream().filter(r -> r.verdict() != Verdict.INFRA_ERROR).forEach(r -> done.add(r.key()));
        int skipped = 0;
        for (Candidate c : candidates.candidates()) {
            if (done.contains(c.key())) {
                skipped++;
            } else {
                pending.add(c);
            }
        }
        this.skippedByResume = skipped;
    }

    /** The candidates this run will grade, in input order. */
    public List<Candidate> pending() {
        return List.copyOf(pending);
    }

    /** Candidates of the input that already have a result. */
    public int skippedByResume() {
        return skippedByResume;
    }

    /** Lines of the input files (and of the results file) that were skipped, and why. */
    public List<InputIssue> issues() {
        return List.copyOf(issues);
    }

    /**
     * Grades the pending candidates at {@code trust} with {@code grader}, appending each result as it
     * comes, then writes the summary and JUnit report when asked for and returns the summary of
     * every result in the results file.
     */
    public EvalSummary run(CandidateGrader grader, TrustChoice trust, Progress progress) {
        long start = System.nanoTime();
        int[] graded = {0};
        progress.started(pending.size(), skippedByResume);
        try {
            new ConcurrentGrading(grader, evaluation.concurrency(), evaluation.maxSourceBytes()).run(pending, trust.trust(),
                    (index, result) -> {
                        results.append(result);
                        graded[0]++;
                        progress.graded(result);
                    });
        } finally {
            progress.finished();
        }
        long wall = System.nanoTime() - start;
        Collection<GradedCandidate> latest = results.latest();
        List<String> notes = new ArrayList<>();
        if (pending.isEmpty()) {
            notes.add("nothing to grade: every candidate already has a result in " + results.path());
        }
        Integer withoutCandidates = null;
        if (problems != null) {
            Set<String> withResults = new HashSet<>();
            latest.forEach(r -> withResults.add(r.key().problem()));
            withoutCandidates = (int) problems.problems().keySet().stream().filter(p -> !withResults.contains(p)).count();
        }
        EvalSummary summary = Scoring.summarize(latest, evaluation.ks(),
                new Scoring.Run(graded[0], skippedByResume, wall, trust, withoutCandidates, notes, issues));
        try {
            if (evaluation.summary() != null) {
                SummaryReport.write(summary, evaluation.summary());
            }
            if (evaluation.junit() != null) {
                JunitReport.write(latest, "lean-sandbox eval " + evaluation.candidates().getFileName(), evaluation.junit());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
        return summary;
    }

    @Override
    public void close() {
        results.close();
    }
}
