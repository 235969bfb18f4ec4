package io.leansandbox.engine.config;

import java.util.Locale;

/** Where sandboxes run. */
public enum Backend {
    /** Docker containers: the security boundary for untrusted code. */
    DOCKER,
    /** Plain child processes in a temporary directory: trusted code on a machine with Lean, chosen explicitly. */
    LOCAL;

    public static Backend parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backend '" + text + "' (expected docker or local)");
        }
    }
}
