package io.leansandbox.engine.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.LeanRunner;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.lean.SourceOffset;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Grades on the REPL path ({@link Trust#FAST} and {@link Trust#OWN}): refuses what it cannot judge,
 * checks the candidate, then sends the {@link Probe} in the candidate's environment on the same
 * REPL and lets the {@link VerdictPolicy} decide.
 */
public final class FastGrader {

    private final ReplChecks repl;
    private final LeanRunner runner;
    private final ObjectMapper json;

    public FastGrader(ReplChecks repl, LeanRunner runner, ObjectMapper json) {
        this.repl = repl;
        this.runner = runner;
        this.json = json;
    }

    public Grade grade(Submission submission, Trust trust, VerdictPolicy policy) {
        if (trust == Trust.GOLD) {
            throw new IllegalArgumentException("the fast grader grades at trust own or fast; gold is GoldGrader's");
        }
        long start = System.nanoTime();
        Optional<Grade> early = policy.beforeRunning(submission, trust);
        if (early.isPresent()) {
            return early.get();
        }
        List<Declaration> declarations = VerdictPolicy.graded(submission);
        Evidence evidence = repl.check(submission.source(), (sandbox, step, env) -> {
            if (sandbox == null || !step.answered() || step.refused() || env == null) {
                return new Evidence(step, null);
            }
            Probe probe = Probe.of(submission.source().text(), declarations);
            ReplStep answer = runner.send(sandbox, json.createObjectNode().put("cmd", probe.text()).put("env", env), SourceOffset.NONE);
            return new Evidence(step, probe.read(answer));
        }, failed -> new Evidence(failed, null));
        return policy.decide(submission, trust, evidence, Duration.ofNanos(System.nanoTime() - start));
    }
}
