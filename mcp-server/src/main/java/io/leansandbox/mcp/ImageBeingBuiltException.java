package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.SandboxUnavailableException;

/**
 * The engine cannot serve yet because its image is being built: the message says which image, at
 * which step, since when; {@link #status} is what the {@code status} tool shows meanwhile.
 */
final class ImageBeingBuiltException extends SandboxUnavailableException {

    private final transient EngineStatus status;

    ImageBeingBuiltException(String message, EngineStatus status) {
        super(message);
        this.status = status;
    }

    /** The server's status while the image is being built: no pool yet, no sessions, the build as the Lean version. */
    EngineStatus status() {
        return status;
    }
}
