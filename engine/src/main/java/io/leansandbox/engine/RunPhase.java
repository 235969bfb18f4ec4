package io.leansandbox.engine;

/** What a call is doing, as reported to its {@link RunOptions#progress()} listener. */
public enum RunPhase {
    /** Waiting for a sandbox (or for its session, busy with an earlier call). */
    QUEUED("queued for a sandbox"),
    /** Starting the REPL (or {@code lean}) in the sandbox. */
    STARTING("starting the REPL"),
    /** Elaborating the import header on a fresh warm REPL. */
    IMPORTING_HEADER("importing the header"),
    /** Lean is at work on the code. */
    ELABORATING("elaborating"),
    /** Restoring a session: replaying its earlier commands into a fresh REPL. */
    REPLAYING("replaying the session");

    private final String description;

    RunPhase(String description) {
        this.description = description;
    }

    /** In words, for people: {@code "importing the header"}. */
    public String description() {
        return description;
    }
}
