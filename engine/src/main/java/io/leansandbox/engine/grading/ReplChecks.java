package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.FollowUp;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.ReplStep;

import java.util.function.Function;

/** How graders reach a REPL: the engine's check, on a warm REPL or a fresh one, with work to do after it. */
@FunctionalInterface
public interface ReplChecks {

    <T> T check(LeanSource source, FollowUp<T> followUp, Function<ReplStep, T> onFailure);
}
