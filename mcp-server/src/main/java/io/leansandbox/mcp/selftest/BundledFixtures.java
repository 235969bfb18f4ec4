package io.leansandbox.mcp.selftest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The recorded data the runnable jar ships (the repository's {@code fixtures/}, bundled as resources
 * under {@value #RESOURCE}): users have the jar, not the repository's test data. Read in place: from
 * the jar through a zip file system, or from the classes directory when run from a build.
 */
public final class BundledFixtures implements AutoCloseable {

    public static final String RESOURCE = "lean-sandbox-fixtures";

    private final Path root;
    private final FileSystem opened;

    private BundledFixtures(Path root, FileSystem opened) {
        this.root = root;
        this.opened = opened;
    }

    public static BundledFixtures open() {
        URL readme = BundledFixtures.class.getClassLoader().getResource(RESOURCE + "/README.md");
        if (readme == null) {
            throw new IllegalArgumentException("this build of lean-sandbox has no bundled transcripts (resource " + RESOURCE
                    + " missing): pass --transcripts DIR and --comparator-tests DIR");
        }
        try {
            URI uri = readme.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return new BundledFixtures(Path.of(uri).getParent(), null);
            }
            try {
                FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
                return new BundledFixtures(jar.getPath("/" + RESOURCE), jar);
            } catch (FileSystemAlreadyExistsException e) {
                // Someone else in this JVM opened the jar's file system: use it, and leave closing it to them.
                return new BundledFixtures(FileSystems.getFileSystem(uri).getPath("/" + RESOURCE), null);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bundled transcripts at " + readme + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the bundled transcripts at " + readme + ": " + e.getMessage(), e);
        }
    }

    /** The recorded REPL transcripts (fixtures/repl-transcripts). */
    public Path transcripts() {
        return root.resolve("repl-transcripts");
    }

    /** Comparator's test projects with their recorded outcomes (fixtures/comparator-tests). */
    public Path comparatorTests() {
        return root.resolve("comparator-tests");
    }

    @Override
    public void close() {
        if (opened != null) {
            try {
                opened.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
