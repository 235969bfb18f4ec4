package io.leansandbox.mcp.selftest;

import io.leansandbox.mcp.BundledTree;

import java.nio.file.Path;

/**
 * The recorded data the runnable jar ships (the repository's {@code fixtures/}, bundled as resources
 * under {@value #RESOURCE}): users have the jar, not the repository's test data.
 */
public final class BundledFixtures implements AutoCloseable {

    public static final String RESOURCE = "lean-sandbox-fixtures";

    private final BundledTree tree;

    private BundledFixtures(BundledTree tree) {
        this.tree = tree;
    }

    public static BundledFixtures open() {
        return new BundledFixtures(BundledTree.open(RESOURCE, "README.md").orElseThrow(() -> new IllegalArgumentException(
                "this build of lean-sandbox has no bundled transcripts (resource " + RESOURCE
                        + " missing): pass --transcripts DIR and --comparator-tests DIR")));
    }

    /** The recorded REPL transcripts (fixtures/repl-transcripts). */
    public Path transcripts() {
        return tree.root().resolve("repl-transcripts");
    }

    /** Comparator's test projects with their recorded outcomes (fixtures/comparator-tests). */
    public Path comparatorTests() {
        return tree.root().resolve("comparator-tests");
    }

    @Override
    public void close() {
        tree.close();
    }
}
