package io.leansandbox.engine.lean;

import io.leansandbox.engine.sandbox.AgentException;
import io.leansandbox.engine.sandbox.Sandbox;

/**
 * Work done right after a check, on the same REPL, before the sandbox is given back: for example
 * asking Lean which axioms the checked theorems depend on.
 *
 * @param <T> what the check and its follow-up produce together
 */
@FunctionalInterface
public interface FollowUp<T> {

    /** Just the check's result. */
    FollowUp<io.leansandbox.engine.result.RunResult> RESULT = (sandbox, step, env) -> step.result();

    /**
     * @param sandbox the sandbox whose REPL ran the check; null when the check never reached a REPL
     *                (its import header failed), in which case {@code step} carries the header's result
     * @param step    the check's outcome
     * @param env     the environment the check produced, or null
     */
    T apply(Sandbox sandbox, ReplStep step, Integer env) throws AgentException;
}
