package io.leansandbox.mcp;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.ImageBuildSettings;
import io.leansandbox.engine.config.ImageNames;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.sandbox.docker.ImageBuildException;
import io.leansandbox.engine.sandbox.docker.ImageBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What builds the image the settings name, and doing it: the production image from
 * {@code docker/Dockerfile}; a Mathlib image from {@code docker/Dockerfile.mathlib} on top of this
 * version's production image (built first when missing); any other name from the configured
 * Dockerfile. The context is {@code docker.build_context}, else the {@code docker/} directory of the
 * checkout the jar runs from, else the copy of it the jar carries ({@link LeanImageContext}).
 * lean-sandbox processes on one machine build one image at a time, so that a client that starts
 * two servers builds the image once: the second waits, then finds it.
 */
final class ImageSetup {

    private static final Logger log = LoggerFactory.getLogger(ImageSetup.class);
    private static final long LOCK_POLL_MILLIS = 500;

    private ImageSetup() {
    }

    /**
     * The builds that make {@code settings.image()}, in order; {@code exists} says which images the
     * daemon at {@code daemon} has (a Mathlib image's base is built only when missing, or with
     * {@code rebuild}). Fails, saying what to do, when nothing can build it.
     */
    static List<ImageBuilder.Build> plan(Settings settings, Optional<Path> checkoutDocker, Predicate<String> exists,
                                         boolean rebuild, String daemon) {
        String image = settings.image();
        ImageBuildSettings how = settings.imageBuild();
        if (how.context() == null && ImageNames.isStandIn(image)) {
            throw new SandboxUnavailableException("the image '" + image + "' is not in the Docker daemon at " + daemon
                    + ". It is the test stand-in, which docker/build-images.sh builds: "
                    + checkoutDocker.filter(dir -> Files.isRegularFile(dir.resolve("build-images.sh")))
                    .map(dir -> EngineStart.buildCommand(image, dir)).orElse("bash docker/build-images.sh"));
        }
        Path context = how.context();
        if (context == null) {
            context = checkoutDocker.orElseThrow(() -> new SandboxUnavailableException("the image '" + image
                    + "' is not in the Docker daemon at " + daemon + ", and there is nothing to build it from: this jar "
                    + "does not run from a lean-sandbox checkout (mcp-server/target/lean-sandbox.jar beside docker/). "
                    + "Set docker.build_context (LEAN_DOCKER_MCP_BUILD_CONTEXT) to lean-sandbox's docker/ directory, "
                    + "or build the image there: docker build -t " + image + " -f docker/Dockerfile docker"));
        }
        List<ImageBuilder.Build> builds = new ArrayList<>();
        if (how.dockerfile() == null && ImageNames.isMathlib(image)) {
            String base = ImageNames.DEFAULT;
            if (rebuild || !exists.test(base)) {
                builds.add(new ImageBuilder.Build(base, context, context.resolve("Dockerfile"), ImageNames.aliases(base), Map.of()));
            }
            builds.add(new ImageBuilder.Build(image, context, context.resolve("Dockerfile.mathlib"), ImageNames.aliases(image),
                    Map.of("BASE_IMAGE", base)));
        } else {
            builds.add(new ImageBuilder.Build(image, context, how.dockerfileFor(image, context), ImageNames.aliases(image), Map.of()));
        }
        return builds;
    }

    /**
     * Runs {@code builds} (which make {@code target}) on {@code docker}, telling {@code progress}. An
     * image another process built while this one waited for it is not built again, unless {@code rebuild}.
     */
    static void run(ImageBuilder docker, List<ImageBuilder.Build> builds, String target, StartProgress progress, boolean rebuild) {
        for (ImageBuilder.Build build : builds) {
            String purpose = build.image().equals(target) ? null : "the base of " + target;
            try (BuildLock lock = BuildLock.acquire(build.image(), () -> progress.waitingForOtherBuild(build.image(), purpose), progress)) {
                if (lock.waited() && !rebuild && docker.exists(build.image())) {
                    progress.buildEnded();
                    log.info("{} was built by another lean-sandbox process", build.image());
                    continue;
                }
                progress.building(build.image(), purpose);
                docker.build(build, progress);
                progress.built();
            } finally {
                progress.buildEnded();
            }
        }
    }

    /** A lock file in the temporary directory, held while this process builds an image. */
    static final class BuildLock implements AutoCloseable {

        private final FileChannel channel;
        private final FileLock lock;
        private final boolean waited;

        private BuildLock(FileChannel channel, FileLock lock, boolean waited) {
            this.channel = channel;
            this.lock = lock;
            this.waited = waited;
        }

        /** Whether another holder had to be waited for. */
        boolean waited() {
            return waited;
        }

        /** One lock for every image build on this machine: builds are heavy, and one at a time is what the machine can take anyway. */
        static Path file() {
            return Path.of(System.getProperty("java.io.tmpdir"), "lean-sandbox-image-build.lock");
        }

        /** Takes the build lock to build {@code image}; {@code onWait} runs once if it must wait. Stops waiting when {@code progress} is cancelled. */
        static BuildLock acquire(String image, Runnable onWait, StartProgress progress) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("no build lock for {} ({}): building without one", image, e.toString());
                return new BuildLock(null, null, false);
            }
            boolean waited = false;
            try {
                while (true) {
                    FileLock lock = tryLock(channel);
                    if (lock != null) {
                        return new BuildLock(channel, lock, waited);
                    }
                    if (!waited) {
                        waited = true;
                        onWait.run();
                    }
                    if (progress.cancelled()) {
                        throw new ImageBuildException("the build of the image " + image + " was cancelled");
                    }
                    Thread.sleep(LOCK_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(channel);
                throw new ImageBuildException("interrupted while waiting for another build of the image " + image);
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        }

        private static FileLock tryLock(FileChannel channel) {
            try {
                return channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return null; // this JVM holds it (another start in this process)
            } catch (IOException e) {
                throw new ImageBuildException("cannot lock the build: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (lock != null) {
                try {
                    lock.release();
                } catch (IOException e) {
                    log.debug("releasing the build lock: {}", e.toString());
                }
            }
            closeQuietly(channel);
        }

        private static void closeQuietly(FileChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    log.debug("closing the build lock: {}", e.toString());
                }
            }
        }
    }
}
