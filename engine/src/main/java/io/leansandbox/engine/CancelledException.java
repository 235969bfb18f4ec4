package io.leansandbox.engine;

/**
 * The call was cancelled through its {@link Cancellation}: its run was stopped (or never started)
 * and it has no result. The sandbox it used was reset and is serving again.
 */
public class CancelledException extends LeanSandboxException {

    public CancelledException(String message) {
        super(message);
    }
}
