package io.leansandbox.engine;

/** No sandbox can be made: Docker is not reachable, the image is missing, the agent would not start. */
public class SandboxUnavailableException extends LeanSandboxException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
