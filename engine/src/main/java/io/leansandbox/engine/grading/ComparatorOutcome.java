package io.leansandbox.engine.grading;

import io.leansandbox.engine.sandbox.AgentOutcome;

import java.util.List;
import java.util.Map;

/**
 * Reads comparator's outcome (exit code, stdout, stderr) as a verdict. Comparator at commit
 * 75c730e9 accepts with exit code 0 and "Your solution is okay!"; every rejection is an uncaught
 * error (exit code 1, "uncaught exception: REASON"); it writes no JSON report. The reasons'
 * wordings are those of its Compare.lean and Axioms.lean at that commit.
 */
final class ComparatorOutcome {

    static final String ACCEPTED = "Your solution is okay!";

    /** Reason fragments, most specific first. */
    private static final List<Map.Entry<String, Verdict>> REASONS = List.of(
            Map.entry("Illegal axiom detected", Verdict.AXIOM_VIOLATION),
            Map.entry("theorem statement do not match", Verdict.STATEMENT_MISMATCH),
            Map.entry("constant kind don't match", Verdict.STATEMENT_MISMATCH),
            Map.entry("Const does not match", Verdict.STATEMENT_MISMATCH),
            Map.entry("Const not found in", Verdict.STATEMENT_MISMATCH),
            Map.entry("Constant not found in solution", Verdict.STATEMENT_MISMATCH),
            Map.entry("is not a theorem", Verdict.STATEMENT_MISMATCH),
            Map.entry("is not a definition", Verdict.STATEMENT_MISMATCH),
            // In the validating sandbox a child is the trusted challenge's build or export, or the
            // replay of the solution's export: a failure there is the grader's, not the candidate's.
            Map.entry("Child exited with", Verdict.INFRA_ERROR));

    private ComparatorOutcome() {
    }

    /** The verdict and its reason for the validating stage's outcome. */
    static Map.Entry<Verdict, String> read(AgentOutcome outcome) {
        return switch (outcome.ending()) {
            case TIMEOUT -> Map.entry(Verdict.TIMEOUT, "gold validation reached its time limit");
            case MEMORY -> Map.entry(Verdict.MEMORY, "gold validation ran out of memory");
            case OUTPUT_LIMIT -> Map.entry(Verdict.UNVERIFIED, "comparator's output passed its cap");
            case EXITED, ANSWERED -> exited(outcome);
        };
    }

    private static Map.Entry<Verdict, String> exited(AgentOutcome outcome) {
        int code = outcome.exitCode() == null ? -1 : outcome.exitCode();
        String reason = lastLine(outcome.stderr());
        if (code == 0) {
            return outcome.output().contains(ACCEPTED)
                    ? Map.entry(Verdict.VALID, "comparator accepted the solution: the statement matches the challenge, "
                    + "every axiom is permitted and the kernel replayed every declaration")
                    : Map.entry(Verdict.UNVERIFIED, "comparator exited with 0 but did not say it accepted the solution");
        }
        if (code == 1) {
            for (Map.Entry<String, Verdict> r : REASONS) {
                if (outcome.stderr().contains(r.getKey())) {
                    return Map.entry(r.getValue(), "comparator rejected the solution: " + reason);
                }
            }
            return Map.entry(Verdict.KERNEL_REJECTED, "comparator rejected the solution: " + reason);
        }
        if (code == 2) {
            return Map.entry(Verdict.INFRA_ERROR, "gold grading could not run: " + reason);
        }
        return Map.entry(Verdict.UNVERIFIED, "comparator ended with exit code " + code + ": " + reason);
    }

    static String lastLine(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1).strip();
    }
}
