package io.leansandbox.engine.sandbox.docker;

import io.leansandbox.engine.SandboxUnavailableException;

/** An image could not be built (or its build was cancelled); the message names the step and quotes the last output. */
public class ImageBuildException extends SandboxUnavailableException {

    public ImageBuildException(String message) {
        super(message);
    }

    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
