package io.leansandbox.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory tree the runnable jar carries as resources (users have the jar, not the repository).
 * Read in place: from the jar through a zip file system, or from the classes directory when run
 * from a build; {@link #copyTo} writes it out for what needs real files (a Docker build context).
 */
public final class BundledTree implements AutoCloseable {

    private final Path root;
    private final FileSystem opened;

    private BundledTree(Path root, FileSystem opened) {
        this.root = root;
        this.opened = opened;
    }

    /** The tree under resource directory {@code resource}, found by its file {@code marker}; empty if this build has none. */
    public static Optional<BundledTree> open(String resource, String marker) {
        URL found = BundledTree.class.getClassLoader().getResource(resource + "/" + marker);
        if (found == null) {
            return Optional.empty();
        }
        try {
            URI uri = found.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return Optional.of(new BundledTree(Path.of(uri).getParent(), null));
            }
            // A file system of our own (not the one registered for the jar's URI), so that no other reader closes it under us.
            String spec = uri.getRawSchemeSpecificPart();
            Path jarFile = Path.of(URI.create(spec.substring(0, spec.indexOf("!/"))));
            FileSystem jar = FileSystems.newFileSystem(jarFile);
            return Optional.of(new BundledTree(jar.getPath("/" + resource), jar));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bundled " + resource + " at " + found + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the bundled " + resource + " at " + found + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Copies the tree into {@code target}, an existing empty directory. */
    public void copyTo(Path target) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        }
        for (Path entry : entries) {
            Path to = target.resolve(root.relativize(entry).toString());
            if (Files.isDirectory(entry)) {
                Files.createDirectories(to);
            } else {
                Files.copy(entry, to);
            }
        }
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
