package io.leansandbox.engine;

/** Base of the engine's errors; the message always names the cause. */
public class LeanSandboxException extends RuntimeException {

    public LeanSandboxException(String message) {
        super(message);
    }

    public LeanSandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
