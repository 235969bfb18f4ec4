package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.DeclarationGrade;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A grader made by hand: the verdict is read from the source, which names it ({@code -- VERDICT error});
 * {@code -- THROW message} throws. Nothing here is Lean's verdict. Counts what it graded.
 */
final class FakeGrader implements CandidateGrader {

    final AtomicInteger calls = new AtomicInteger();
    final Map<String, Submission> seen = new ConcurrentHashMap<>();

    @Override
    public Grade grade(Submission submission, Trust trust) {
        calls.incrementAndGet();
        String text = submission.source().text();
        seen.put(text, submission);
        int thrown = text.indexOf("-- THROW ");
        if (thrown >= 0) {
            throw new IllegalStateException(text.substring(thrown + 9).lines().findFirst().orElse(""));
        }
        int at = text.indexOf("-- VERDICT ");
        Verdict verdict = at < 0 ? Verdict.UNVERIFIED : Verdict.parse(text.substring(at + 11).lines().findFirst().orElseThrow().strip());
        // Gold only decides what fast found valid; everything else stays fast's, as the engine does.
        Trust by = trust == Trust.GOLD && verdict != Verdict.VALID ? Trust.FAST : trust;
        List<Diagnostic> messages = verdict == Verdict.ERROR
                ? List.of(new Diagnostic(Severity.ERROR, new Position(2, 4), new Position(2, 9), "unsolved goals\n⊢ False"))
                : List.of();
        RunResult result = new RunResult(verdict == Verdict.ERROR ? Status.ERROR : Status.SUCCESS, RunMode.CHECK, 0, messages,
                List.of(), "", "", false, Duration.ofMillis(text.length()), Duration.ZERO);
        List<DeclarationGrade> declarations = List.of(new DeclarationGrade(new Declaration("theorem", "t", 1, 2), "t",
                verdict == Verdict.VALID ? List.of("propext") : null, verdict, "because"));
        return new Grade(verdict, by, "fake: " + verdict.wireName(), declarations, result, Duration.ofMillis(text.length()));
    }
}
