package io.leansandbox.mcp;

import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.RunResult;

import java.time.Duration;
import java.util.List;

/** Grades made by hand, for tool tests that need no engine. Nothing here is Lean's verdict. */
final class Grades {

    private Grades() {
    }

    /** Theorem {@code t} on line 1 with the given verdict and axioms (null: unknown). */
    static Grade of(Verdict verdict, Trust trust, String why, List<String> axioms, RunResult result) {
        DeclarationGrade t = new DeclarationGrade(new Declaration("theorem", "t", 1, 1), "t", axioms, verdict, why);
        return new Grade(verdict, trust, why, List.of(t), result, Duration.ofMillis(15));
    }

    static Grade valid() {
        return of(Verdict.VALID, Trust.FAST, "Lean accepted t with no error and no sorry; axioms used: propext, all allowed",
                List.of("propext"), Results.success());
    }
}
