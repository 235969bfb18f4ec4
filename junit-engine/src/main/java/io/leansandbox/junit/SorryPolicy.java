package io.leansandbox.junit;

import java.util.Locale;

/** What a declaration that uses {@code sorry} becomes. */
public enum SorryPolicy {
    /** A failed test (the default: an unfinished proof is not a proof). */
    FAIL,
    /** An aborted (skipped) test: visible, but not red. */
    ABORT,
    /** A passing test. */
    PASS;

    static SorryPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lean-sandbox.sorry must be fail, abort or pass, got '" + text + "'");
        }
    }
}
