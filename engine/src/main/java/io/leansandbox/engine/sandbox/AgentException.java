package io.leansandbox.engine.sandbox;

/** The in-sandbox agent did not answer as it should; the sandbox must not serve again. */
public final class AgentException extends Exception {

    /** What went wrong. */
    public enum Kind {
        /** No answer within the wait. */
        NO_ANSWER,
        /** The agent's stream closed: the agent or its sandbox died. */
        GONE,
        /** The agent answered that the request failed. */
        FAILED,
        /** The agent stopped answering while the code ran with the sandbox's memory full: the code's memory use. */
        MEMORY,
        /** The agent stopped answering or went away, and Docker or the container was found at fault. */
        INFRASTRUCTURE,
        /**
         * The agent stopped answering while the code ran, and nothing outside the code was at fault:
         * the code defeated its supervision. A verdict on the code, not an infrastructure fault.
         */
        VIOLATION
    }

    private final Kind kind;

    public AgentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
