package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes an {@link EvalSummary} from the results: counts, pass@k, percentiles. */
public final class Scoring {

    /**
     * What a run contributes to its summary besides the results.
     *
     * @param gradedThisRun             candidates this run graded
     * @param skippedByResume           candidates of the input already in the results file
     * @param wallNanos                 wall time of this run's grading
     * @param trust                     the trust level of this run
     * @param problemsWithoutCandidates problems of the problems file with no result, or null
     * @param notes                     remarks for the reader
     * @param issues                    skipped input lines
     */
    public record Run(int gradedThisRun, int skippedByResume, long wallNanos, TrustChoice trust, Integer problemsWithoutCandidates,
                      List<String> notes, List<InputIssue> issues) {
    }

    private Scoring() {
    }

    /** The summary of {@code results} (one per candidate) for the given {@code ks}. */
    public static EvalSummary summarize(Collection<GradedCandidate> results, List<Integer> ks, Run run) {
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, 0);
        }
        Map<Trust, Integer> gradedAt = new EnumMap<>(Trust.class);
        for (Trust t : Trust.values()) {
            gradedAt.put(t, 0);
        }
        Map<String, int[]> attemptsAndValid = new LinkedHashMap<>();
        long[] times = new long[results.size()];
        int i = 0;
        for (GradedCandidate r : results) {
            verdicts.merge(r.verdict(), 1, Integer::sum);
            gradedAt.merge(r.trust(), 1, Integer::sum);
            int[] counts = attemptsAndValid.computeIfAbsent(r.key().problem(), p -> new int[2]);
            counts[0]++;
            if (r.isValid()) {
                counts[1]++;
            }
            times[i++] = r.timeMs();
        }
        Arrays.sort(times);

        List<EvalSummary.ProblemScore> perProblem = new ArrayList<>();
        Map<Integer, Double> sums = new LinkedHashMap<>();
        Map<Integer, Integer> fewer = new LinkedHashMap<>();
        ks.forEach(k -> {
            sums.put(k, 0.0);
            fewer.put(k, 0);
        });
        int solved = 0;
        for (Map.Entry<String, int[]> e : attemptsAndValid.entrySet()) {
            int n = e.getValue()[0];
            int c = e.getValue()[1];
            Map<Integer, Double> scores = new LinkedHashMap<>();
            for (int k : ks) {
                double p = PassAtK.estimate(n, c, k);
                scores.put(k, p);
                sums.merge(k, p, Double::sum);
                if (n < k) {
                    fewer.merge(k, 1, Integer::sum);
                }
            }
            perProblem.add(new EvalSummary.ProblemScore(e.getKey(), n, c, scores));
            if (c > 0) {
                solved++;
            }
        }
        int problems = attemptsAndValid.size();
        Map<Integer, Double> passAtK = new LinkedHashMap<>();
        sums.forEach((k, sum) -> passAtK.put(k, problems == 0 ? null : sum / problems));

        long wallMs = run.wallNanos() / 1_000_000;
        double throughput = run.wallNanos() <= 0 ? 0.0 : run.gradedThisRun() / (run.wallNanos() / 1e9);
        List<String> notes = new ArrayList<>();
        if (run.trust().note() != null) {
            notes.add(run.trust().note());
        }
        notes.addAll(run.notes());
        return new EvalSummary(results.size(), problems, verdicts, passAtK, fewer, perProblem, solved,
                percentile(times, 0.50), percentile(times, 0.95), run.gradedThisRun(), run.skippedByResume(), wallMs, throughput,
                run.trust().trust(), gradedAt, run.problemsWithoutCandidates(), notes, run.issues());
    }

    /** The nearest-rank percentile of sorted {@code values}, or null when there are none. */
    static Long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
