package io.leansandbox.engine.result;

import java.util.Objects;
import java.util.regex.Pattern;

/** One message from Lean: severity, where it starts and (when Lean says) ends, and its text. */
public record Diagnostic(Severity severity, Position start, Position end, String message) {

    private static final Pattern SORRY_WARNING = Pattern.compile("declaration uses ['`]sorry['`]");

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Whether this is Lean's warning on a declaration that uses {@code sorry} ("declaration uses
     * `sorry`"; older toolchains quote it 'sorry'): front doors judge it by their sorry policy,
     * not as an ordinary warning.
     */
    public boolean isSorryWarning() {
        return severity == Severity.WARNING && SORRY_WARNING.matcher(message).find();
    }

    /** {@code line:column: severity: message}, as Lean prints it on the command line. */
    @Override
    public String toString() {
        return start + ": " + severity.leanName() + ": " + message;
    }
}
