package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An {@link EvalSummary} for people (text) and for programs (JSON). */
public final class SummaryReport {

    private SummaryReport() {
    }

    /** A few lines: counts, verdicts, pass@k, times, trust, notes. */
    public static String text(EvalSummary s, String resultsFile) {
        StringBuilder out = new StringBuilder();
        out.append("Graded ").append(s.candidates()).append(" candidate(s) of ").append(s.problems()).append(" problem(s) in ")
                .append(resultsFile).append(": ").append(s.gradedThisRun()).append(" this run");
        if (s.skippedByResume() > 0) {
            out.append(", ").append(s.skippedByResume()).append(" already there (resumed)");
        }
        out.append(String.format(Locale.ROOT, ", %.1f s, %.1f candidates/s%n", s.wallMs() / 1000.0, s.throughput()));
        List<String> verdicts = new ArrayList<>();
        s.verdicts().forEach((v, n) -> verdicts.add(v.wireName() + " " + n));
        out.append("Verdicts: ").append(String.join(", ", verdicts)).append('\n');
        out.append("Solved: ").append(s.problemsSolved()).append(" of ").append(s.problems()).append(" problem(s)");
        if (s.problemsWithoutCandidates() != null && s.problemsWithoutCandidates() > 0) {
            out.append(" (").append(s.problemsWithoutCandidates()).append(" more in the problems file have no result and are not counted)");
        }
        out.append('\n');
        if (!s.passAtK().isEmpty()) {
            List<String> scores = new ArrayList<>();
            List<String> fewer = new ArrayList<>();
            s.passAtK().forEach((k, p) -> {
                scores.add("pass@" + k + " " + (p == null ? "n/a" : String.format(Locale.ROOT, "%.4f", p)));
                int tooFew = s.problemsWithFewerAttempts().getOrDefault(k, 0);
                if (tooFew > 0) {
                    fewer.add(tooFew + " problem(s) have fewer than " + k + " attempts, taken with k = n");
                }
            });
            out.append(String.join(", ", scores));
            if (!fewer.isEmpty()) {
                out.append(" (").append(String.join("; ", fewer)).append(')');
            }
            out.append('\n');
        }
        if (s.p50Ms() != null) {
            out.append("Check time: p50 ").append(s.p50Ms()).append(" ms, p95 ").append(s.p95Ms()).append(" ms\n");
        }
        List<String> levels = new ArrayList<>();
        s.gradedAt().forEach((t, n) -> {
            if (n > 0) {
                levels.add(t.wireName() + " " + n);
            }
        });
        out.append("Trust: ").append(s.trust().wireName()).append(" this run; results decided at ")
                .append(levels.isEmpty() ? "none" : String.join(", ", levels));
        if (s.trust() == Trust.GOLD || s.reachedGold() > 0) {
            out.append(" (").append(s.reachedGold()).append(" reached the gold stage)");
        }
        out.append('\n');
        s.notes().forEach(note -> out.append("Note: ").append(note).append('\n'));
        if (!s.issues().isEmpty()) {
            out.append("Input issues: ").append(s.issues().size()).append(" line(s) skipped (listed on stderr and in the summary JSON)\n");
        }
        if (s.count(Verdict.INFRA_ERROR) > 0) {
            out.append(s.count(Verdict.INFRA_ERROR)).append(" candidate(s) could not be graded (infra_error); run again with the same --out to grade them again\n");
        }
        return out.toString();
    }

    /** The summary as JSON-ready maps, in a fixed key order. */
    public static Map<String, Object> json(EvalSummary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("candidates", s.candidates());
        out.put("problems", s.problems());
        Map<String, Object> verdicts = new LinkedHashMap<>();
        s.verdicts().forEach((v, n) -> verdicts.put(v.wireName(), n));
        out.put("verdicts", verdicts);
        out.put("pass_at_k", byK(s.passAtK()));
        out.put("problems_with_fewer_attempts_than_k", byK(s.problemsWithFewerAttempts()));
        out.put("problems_solved", s.problemsSolved());
        out.put("problems_without_candidates", s.problemsWithoutCandidates());
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("p50", s.p50Ms());
        time.put("p95", s.p95Ms());
        out.put("time_ms", time);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("graded", s.gradedThisRun());
        run.put("skipped_by_resume", s.skippedByResume());
        run.put("wall_ms", s.wallMs());
        run.put("candidates_per_second", Math.round(s.throughput() * 100) / 100.0);
        out.put("this_run", run);
        Map<String, Object> trust = new LinkedHashMap<>();
        trust.put("run", s.trust().wireName());
        Map<String, Object> at = new LinkedHashMap<>();
        s.gradedAt().forEach((t, n) -> at.put(t.wireName(), n));
        trust.put("decided_at", at);
        trust.put("reached_gold", s.reachedGold());
        out.put("trust", trust);
        out.put("notes", s.notes());
        List<Map<String, Object>> issues = new ArrayList<>();
        for (InputIssue issue : s.issues()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("file", issue.file());
            i.put("line", issue.line());
            i.put("message", issue.message());
            issues.add(i);
        }
        out.put("issues", issues);
        List<Map<String, Object>> problems = new ArrayList<>();
        for (EvalSummary.ProblemScore p : s.perProblem()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("problem", p.problem());
            m.put("attempts", p.attempts());
            m.put("valid", p.valid());
            m.put("pass_at_k", byK(p.passAtK()));
            problems.add(m);
        }
        out.put("per_problem", problems);
        return out;
    }

    /** Writes {@link #json} to {@code path}, pretty-printed. */
    public static void write(EvalSummary s, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, JsonLines.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(s)) + "\n");
    }

    private static <V> Map<String, V> byK(Map<Integer, V> values) {
        Map<String, V> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
