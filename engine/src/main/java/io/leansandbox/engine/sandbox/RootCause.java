package io.leansandbox.engine.sandbox;

/** The innermost cause of a failure, said in one line: what the backends put in their error messages. */
public final class RootCause {

    private RootCause() {
    }

    /** The message of {@code t}'s innermost cause (its class name when it has none), stripped. */
    public static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip();
    }
}
