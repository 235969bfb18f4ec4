package io.leansandbox.engine.session;

import io.leansandbox.engine.LeanSandboxException;

/** No open session has this id. */
public final class UnknownSessionException extends LeanSandboxException {

    public UnknownSessionException(String id) {
        super("no open session '" + id + "' (it was closed, it expired, or it never existed)");
    }
}
