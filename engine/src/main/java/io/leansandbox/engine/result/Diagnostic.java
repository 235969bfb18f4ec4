package io.leansandbox.engine.result;

import java.util.Objects;

/** One message from Lean: severity, where it starts and (when Lean says) ends, and its text. */
public record Diagnostic(Severity severity, Position start, Position end, String message) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code line:column: severity: message}, as Lean prints it on the command line. */
    @Override
    public String toString() {
        return start + ": " + severity.leanName() + ": " + message;
    }
}
