/**
 * Placeholder. The Maven plugin (goal {@code check}, surefire-style XML reports, a cache of
 * unchanged files) arrives with its own issue.
 */
package io.leansandbox.maven;
