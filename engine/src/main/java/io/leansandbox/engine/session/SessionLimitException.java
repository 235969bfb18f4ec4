package io.leansandbox.engine.session;

import io.leansandbox.engine.LeanSandboxException;

/** Opening one more session would pass the limit. */
public final class SessionLimitException extends LeanSandboxException {

    public SessionLimitException(String message) {
        super(message);
    }
}
