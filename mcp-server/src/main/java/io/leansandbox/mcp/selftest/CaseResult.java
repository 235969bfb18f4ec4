package io.leansandbox.mcp.selftest;

/**
 * What one case of the self-test came to.
 *
 * @param kind    {@link #TRANSCRIPT} or {@link #COMPARATOR}
 * @param name    the case's name (a transcript's path without {@code .in}, a comparator project's folder)
 * @param outcome match, differs or skipped
 * @param detail  for a difference, what differs; for a skip, why; for a match, what was compared
 */
public record CaseResult(String kind, String name, Outcome outcome, String detail) {

    public static final String TRANSCRIPT = "transcript";
    public static final String COMPARATOR = "comparator";

    /** A case's outcome. */
    public enum Outcome {
        /** Compared, and every answer equals the recorded one. */
        MATCH,
        /** Compared, and an answer differs from the recorded one (or never came). */
        DIFFERS,
        /** Not compared, for the reason given: never counted as a match. */
        SKIPPED
    }

    public static CaseResult match(String kind, String name, String detail) {
        return new CaseResult(kind, name, Outcome.MATCH, detail);
    }

    public static CaseResult differs(String kind, String name, String detail) {
        return new CaseResult(kind, name, Outcome.DIFFERS, detail);
    }

    public static CaseResult skipped(String kind, String name, String why) {
        return new CaseResult(kind, name, Outcome.SKIPPED, why);
    }

    /** One line: {@code transcript def_eval: match}, {@code ...: skipped (WHY)}, {@code ...: DIFFERS: WHAT}. */
    public String line() {
        String head = kind + " " + name + ": ";
        return switch (outcome) {
            case MATCH -> head + "match";
            case SKIPPED -> head + "skipped (" + detail + ")";
            case DIFFERS -> head + "DIFFERS: " + detail;
        };
    }
}
