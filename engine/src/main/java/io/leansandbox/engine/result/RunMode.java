package io.leansandbox.engine.result;

/** How the code was run. */
public enum RunMode {
    /** Elaborated by the Lean REPL: diagnostics, sorries, environment. */
    CHECK,
    /** Compiled and run with {@code lean --run}, because it defines {@code main}. */
    RUN
}
