package io.leansandbox.engine;

/** Every sandbox is in use and none came free within the bounded wait. */
public class SandboxBusyException extends LeanSandboxException {

    public SandboxBusyException(String message) {
        super(message);
    }
}
