package io.leansandbox.engine;

/** The code given to the engine cannot be run as it is (empty, too large, not text, refused by policy). */
public class InvalidSourceException extends LeanSandboxException {

    public InvalidSourceException(String message) {
        super(message);
    }
}
