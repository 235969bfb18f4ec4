package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.ReplConversation;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.lean.ReplStep;

/** {@link Lean} through a running engine: the same paths every front door's calls take. */
public final class EngineLean implements Lean {

    private final LeanSandbox engine;

    public EngineLean(LeanSandbox engine) {
        this.engine = engine;
    }

    @Override
    public Repl openRepl() {
        ReplConversation repl = engine.openRepl();
        return new Repl() {
            @Override
            public ReplStep exchange(JsonNode command) {
                return repl.exchange(command);
            }

            @Override
            public void close() {
                repl.close();
            }
        };
    }

    @Override
    public boolean goldAvailable() {
        return engine.goldAvailable();
    }

    @Override
    public Grade gradeGold(ComparatorCase c) {
        // A solution is a whole file, graded without a statement: the challenge is comparator's own.
        return engine.gradeGold(Submission.ofCode(c.solution(), null, engine.settings().maxSourceBytes()), c.challenge(), c.axioms());
    }
}
