package io.leansandbox.engine.result;

import java.util.Locale;

/** Severity of a Lean message. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** Parses Lean's spelling ("error", "warning", "info", "information"). */
    public static Severity parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "warning" -> WARNING;
            case "info", "information" -> INFO;
            default -> throw new IllegalArgumentException("unknown Lean message severity: " + text);
        };
    }

    /** Lean's own spelling. */
    public String leanName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
