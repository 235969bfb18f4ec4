package io.leansandbox.mcp.selftest;

import io.leansandbox.engine.grading.Grade;

/** What the self-test needs of the engine: fresh REPLs and gold grading (see {@link EngineLean}). */
public interface Lean {

    /** A REPL in a sandbox of its own, on which nothing else ran since its sandbox was reset. */
    Repl openRepl();

    /** Whether the image has gold grading (comparator, docker/gold's scripts). */
    boolean goldAvailable();

    /** Comparator's verdict on the case's solution against its challenge, through both gold sandboxes. */
    Grade gradeGold(ComparatorCase c);
}
