package io.leansandbox.mcp.selftest;

import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Verdict;

import java.util.Set;

/**
 * Grades one of comparator's test projects with gold grading and compares the verdict with the
 * project's recorded outcome: comparator accepted it (exit code 0) or rejected it (exit code 1).
 */
public final class GoldReplay {

    /**
     * The verdicts that are comparator's rejection: its statement, axiom and kernel checks, and a
     * solution that does not build (comparator builds it too, and exits with 1 when it fails).
     * Anything else (infrastructure, timeout, memory, an unrecognised ending) is not an outcome of
     * comparator's and never matches a recorded one.
     */
    static final Set<Verdict> REJECTIONS = Set.of(Verdict.KERNEL_REJECTED, Verdict.AXIOM_VIOLATION, Verdict.STATEMENT_MISMATCH,
            Verdict.ERROR);

    private final Lean lean;

    public GoldReplay(Lean lean) {
        this.lean = lean;
    }

    public CaseResult replay(ComparatorCase c) {
        Grade grade;
        try {
            grade = lean.gradeGold(c);
        } catch (LeanSandboxException e) {
            return CaseResult.differs(CaseResult.COMPARATOR, c.name(), "the engine could not grade it: " + e.getMessage());
        }
        boolean agrees = c.accepted() ? grade.verdict() == Verdict.VALID : REJECTIONS.contains(grade.verdict());
        String got = grade.verdict() + " (" + grade.explanation() + ")";
        if (agrees) {
            return CaseResult.match(CaseResult.COMPARATOR, c.name(), (c.accepted() ? "accepted: " : "rejected: ") + got);
        }
        return CaseResult.differs(CaseResult.COMPARATOR, c.name(), "expected comparator to " + (c.accepted() ? "accept" : "reject")
                + " the solution (test.json exit_code " + (c.accepted() ? 0 : 1) + "), got " + got);
    }
}
