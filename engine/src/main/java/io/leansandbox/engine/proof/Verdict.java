package io.leansandbox.engine.proof;

/** What a proof check concluded. */
public enum Verdict {
    /** Lean accepted it with no error and no {@code sorry}. */
    VALID,
    /** Lean accepted it, but it uses {@code sorry} (directly, or through the axiom {@code sorryAx}). */
    SORRY,
    /** Lean reported an error, or the code holds no theorem to check. */
    ERROR,
    /** The time limit was reached. */
    TIMEOUT,
    /** No verdict: the sandbox failed, or memory or output limits ended the check. */
    UNAVAILABLE
}
