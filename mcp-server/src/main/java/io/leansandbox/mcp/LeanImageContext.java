package io.leansandbox.mcp;

import io.leansandbox.engine.config.ImageBuildSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What the Lean images are built from when {@code docker.build_context} is unset: the checkout's
 * {@code docker/} directory when the jar runs from one, else the copy of it the runnable jar carries
 * (resource {@value #RESOURCE}; a release jar, the server image), written to a temporary directory
 * for the build and removed on {@link #close}.
 */
final class LeanImageContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeanImageContext.class);

    static final String RESOURCE = "lean-sandbox-docker";

    private final Optional<Path> dir;
    private final boolean temporary;

    private LeanImageContext(Optional<Path> dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    /**
     * The checkout's {@code docker/}, else the jar's copy, else none; none either when {@code how}
     * names a context of its own, which is then the one built from.
     */
    static LeanImageContext find(Optional<Path> checkoutDocker, ImageBuildSettings how) {
        if (checkoutDocker.isPresent() || how.context() != null) {
            return new LeanImageContext(checkoutDocker, false);
        }
        Optional<BundledTree> bundled = BundledTree.open(RESOURCE, "Dockerfile");
        if (bundled.isEmpty()) {
            return new LeanImageContext(Optional.empty(), false);
        }
        try (BundledTree tree = bundled.get()) {
            Path copy = Files.createTempDirectory("lean-sandbox-image-context");
            LeanImageContext context = new LeanImageContext(Optional.of(copy), true);
            try {
                tree.copyTo(copy);
            } catch (IOException | RuntimeException e) {
                context.close();
                throw e;
            }
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Lean image's build context: " + e.getMessage(), e);
        }
    }

    /** The directory, if there is one. */
    Optional<Path> dir() {
        return dir;
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try {
            Files.walkFileTree(dir.orElseThrow(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // The build is done either way; what is left is a copy of docker/, named here.
            log.warn("cannot remove the temporary build context {}: {}", dir.get(), e.toString());
        }
    }
}
