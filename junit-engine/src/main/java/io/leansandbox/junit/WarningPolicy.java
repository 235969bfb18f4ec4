package io.leansandbox.junit;

import java.util.Locale;

/** What a declaration with Lean warnings (other than its {@code sorry} warning) becomes. */
public enum WarningPolicy {
    /** A failed test. */
    FAIL,
    /** A passing test (the default), the warnings reported in its output. */
    PASS;

    static WarningPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lean-sandbox.warnings must be fail or pass, got '" + text + "'");
        }
    }
}
