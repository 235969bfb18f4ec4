package io.leansandbox.maven;

/** Which findings fail the build: the goal's failOnError, failOnSorry and failOnWarning. */
record FailurePolicy(boolean failOnError, boolean failOnSorry, boolean failOnWarning) {

    /** The goal's defaults: errors and sorries fail the build, warnings do not. */
    static final FailurePolicy DEFAULT = new FailurePolicy(true, true, false);

    /**
     * Whether a finding of this kind fails the build. Checks that reach no verdict (timeout, limit,
     * refused source) go with failOnError; axioms outside the allowed ones, unverified declarations
     * and a failed sandbox always fail; a pass never does.
     */
    boolean fails(FileOutcome.Status status) {
        return switch (status) {
            case ERROR, TIMEOUT, LIMIT, REFUSED -> failOnError;
            case SORRY -> failOnSorry;
            case WARNING -> failOnWarning;
            case AXIOMS, UNVERIFIED, UNAVAILABLE -> true;
            case PASSED, UNCHANGED -> false;
        };
    }
}
