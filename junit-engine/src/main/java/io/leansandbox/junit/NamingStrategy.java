package io.leansandbox.junit;

import io.leansandbox.engine.lean.Declaration;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a declaration's test is named (configuration parameter {@code lean-sandbox.naming-strategy}).
 * Surefire names every test of a non-Java engine after the suite class that ran it and the test's
 * display name, so only a name that carries the file keeps two files' {@code f} apart in its XML
 * reports (and in Jenkins and GitLab, which read them).
 */
public enum NamingStrategy {
    /** {@code basics/Arithmetic.lean › two_add_two}: unique across files (the default). */
    LONG,
    /** {@code two_add_two}: the declaration alone, as the IDE tree already shows the file above it. */
    SHORT;

    static final String SEPARATOR = " › ";

    String name(LeanFile file, Declaration declaration) {
        return this == LONG ? file.displayName() + SEPARATOR + declaration.displayName() : declaration.displayName();
    }

    static NamingStrategy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LeanEngineConfiguration.NAMING_STRATEGY + " must be "
                    + String.join(" or ", Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList())
                    + ", got '" + text + "'");
        }
    }
}
