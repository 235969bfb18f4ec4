package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation found. Everything but the fields about this run ({@code gradedThisRun},
 * {@code skippedByResume}, {@code wallMs}, {@code throughput}, {@code issues}) is computed from every
 * result in the results file, so a resumed run's summary equals an uninterrupted run's.
 *
 * @param candidates                candidates with a result
 * @param problems                  problems with at least one result
 * @param verdicts                  results per verdict, every verdict present (zeros too), in {@link Verdict} order
 * @param passAtK                   for each requested k, pass@k averaged over {@code problems}; null values when there are none
 * @param problemsWithFewerAttempts for each k, how many problems have fewer than k attempts (their pass@k is taken with k = n)
 * @param perProblem                each problem's attempts, valid ones and pass@k, in results-file order
 * @param problemsSolved            problems with at least one valid attempt
 * @param p50Ms                     median grading time of a candidate (nearest rank), null without results
 * @param p95Ms                     95th percentile of it, null without results
 * @param gradedThisRun             candidates graded by this run
 * @param skippedByResume           candidates of the input already in the results file, not graded again
 * @param wallMs                    wall time of this run's grading
 * @param throughput                candidates graded by this run per second of its wall time
 * @param trust                     the trust level this run graded at
 * @param gradedAt                  results per trust level that produced them; {@code GOLD} counts the candidates that reached the gold stage
 * @param problemsWithoutCandidates problems of the problems file with no result (not in the averages); null without a problems file
 * @param notes                     remarks a reader needs (a default trust level, ...)
 * @param issues                    input lines that were skipped, and why
 */
public record EvalSummary(int candidates, int problems, Map<Verdict, Integer> verdicts, Map<Integer, Double> passAtK,
                          Map<Integer, Integer> problemsWithFewerAttempts, List<ProblemScore> perProblem, int problemsSolved,
                          Long p50Ms, Long p95Ms, int gradedThisRun, int skippedByResume, long wallMs, double throughput,
                          Trust trust, Map<Trust, Integer> gradedAt, Integer problemsWithoutCandidates, List<String> notes,
                          List<InputIssue> issues) {

    /** Exit code when every candidate got a verdict: whatever the verdicts. */
    public static final int EXIT_GRADED = 0;
    /** Exit code when some candidate ended {@code infra_error}: it could not be graded (a rerun grades it again). */
    public static final int EXIT_INFRA_ERROR = 1;
    /** Exit code for bad usage, an input file that cannot be used (missing, unreadable, empty), or no engine; nothing is graded. */
    public static final int EXIT_BAD_INPUT = 2;

    /**
     * One problem's score.
     *
     * @param problem  its name
     * @param attempts n: its candidates with a result
     * @param valid    c: those whose verdict is valid
     * @param passAtK  pass@k for each requested k
     */
    public record ProblemScore(String problem, int attempts, int valid, Map<Integer, Double> passAtK) {
        public ProblemScore {
            passAtK = Collections.unmodifiableMap(new LinkedHashMap<>(passAtK));
        }
    }

    public EvalSummary {
        verdicts = Collections.unmodifiableMap(new EnumMap<>(verdicts));
        passAtK = Collections.unmodifiableMap(new LinkedHashMap<>(passAtK));
        problemsWithFewerAttempts = Collections.unmodifiableMap(new LinkedHashMap<>(problemsWithFewerAttempts));
        perProblem = List.copyOf(perProblem);
        gradedAt = Collections.unmodifiableMap(new EnumMap<>(gradedAt));
        notes = List.copyOf(notes);
        issues = List.copyOf(issues);
    }

    public int count(Verdict verdict) {
        return verdicts.getOrDefault(verdict, 0);
    }

    /** Candidates that reached the gold stage (their grade was decided at trust gold). */
    public int reachedGold() {
        return gradedAt.getOrDefault(Trust.GOLD, 0);
    }

    /** {@link #EXIT_INFRA_ERROR} when some candidate could not be graded, else {@link #EXIT_GRADED}. */
    public int exitCode() {
        return count(Verdict.INFRA_ERROR) > 0 ? EXIT_INFRA_ERROR : EXIT_GRADED;
    }
}
