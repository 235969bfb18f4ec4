package io.leansandbox.engine.config;

import java.util.Locale;

/** Where sandboxes run. */
public enum Backend {
    /** Docker containers: the security boundary for untrusted code. */
    DOCKER,
    /** Pods on a Kubernetes cluster (the {@code kubernetes:} settings), with the same hardening as the containers. */
    KUBERNETES,
    /** Plain child processes in a temporary directory: trusted code on a machine with Lean, chosen explicitly. */
    LOCAL;

    public static Backend parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backend '" + text + "' (expected docker, kubernetes or local)");
        }
    }
}
