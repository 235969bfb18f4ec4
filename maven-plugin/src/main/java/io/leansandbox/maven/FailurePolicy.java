package io.leansandbox.maven;

/** Which findings fail the build: the goal's failOnError, failOnSorry and failOnWarning. */
record FailurePolicy(boolean failOnError, boolean failOnSorry, boolean failOnWarning) {
}
