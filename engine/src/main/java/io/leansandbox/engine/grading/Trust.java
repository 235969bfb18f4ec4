package io.leansandbox.engine.grading;

import java.util.Arrays;
import java.util.Locale;

/**
 * How far grading trusts what the candidate's own sandbox reports.
 *
 * <p>Every level reads Lean's answers from a REPL that also ran the candidate's code, except
 * {@link #GOLD}: there the verdict is decided in a sandbox that never received candidate code.
 */
public enum Trust {
    /**
     * For code its author checks (the JUnit engine, the Maven plugin): the warm-REPL path with the
     * answer checks of {@link #FAST}, but no refusal of constructs. Code can fake its own verdict,
     * which only fools its own author.
     */
    OWN,
    /**
     * For machine-written candidates, at REPL speed: one well-formed answer per command, probes that
     * prove they were answered by the REPL, and candidates refused (as {@link Verdict#UNVERIFIED})
     * when they contain anything that runs code at elaboration time or changes how syntax
     * elaborates. Guards against honest mistakes and crude hacks, not a determined adversary.
     */
    FAST,
    /**
     * Comparator: the candidate is built and exported in one fresh sandbox; the export is checked
     * against the trusted challenge, its axioms checked and replayed in the kernel in a second fresh
     * sandbox that never received candidate code. Runs after {@link #FAST} and can only demote.
     */
    GOLD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Trust parse(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown trust level '" + wireName + "' (one of own, fast, gold)"));
    }
}
