package io.leansandbox.engine.grading;

import java.util.Arrays;
import java.util.Locale;

/** What grading concluded about a candidate; {@link #VALID} only with positive evidence. */
public enum Verdict {
    /** No error, no sorry of any kind, every axiom known and allowed, and the statement (when given) matches. */
    VALID,
    /** Lean accepted it, but it uses {@code sorry}: a REPL sorry, the "declaration uses 'sorry'" warning, or {@code sorryAx}. */
    SORRY,
    /** Lean reported an error (or the REPL crashed on the input). */
    ERROR,
    /** The time limit was reached. */
    TIMEOUT,
    /** The memory limit was reached. */
    MEMORY,
    /** A graded declaration depends on an axiom outside the allow-list. */
    AXIOM_VIOLATION,
    /** The candidate does not prove the statement it was asked to prove. */
    STATEMENT_MISMATCH,
    /** Gold grading: the kernel replay (or comparator's checks of the export) rejected the solution. */
    KERNEL_REJECTED,
    /** The grader could not establish validity; the explanation says why. Never a pass. */
    UNVERIFIED,
    /** The sandbox or the grader's own tooling failed: no verdict about the candidate. */
    INFRA_ERROR;

    /** The name in reports and JSON: {@code valid}, {@code axiom_violation}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict with this {@link #wireName()}; an {@link IllegalArgumentException} listing the names otherwise. */
    public static Verdict parse(String wireName) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown verdict '" + wireName + "' (one of "
                        + String.join(", ", Arrays.stream(values()).map(Verdict::wireName).toList()) + ")"));
    }
}
