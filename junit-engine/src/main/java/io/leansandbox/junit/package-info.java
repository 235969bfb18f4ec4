/**
 * Placeholder. The JUnit Platform TestEngine for .lean files (each file a container, each
 * declaration a test, with FileSource positions) arrives with its own issue.
 */
package io.leansandbox.junit;
