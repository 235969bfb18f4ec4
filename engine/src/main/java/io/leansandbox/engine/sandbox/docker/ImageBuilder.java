package io.leansandbox.engine.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.core.DockerClientConfig;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.DockerHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds images with the Docker daemon's build API (docker-java drives the legacy builder, which works
 * where BuildKit does not), telling a {@link Listener} about each step as it starts and each line of
 * output. A build can be cancelled from another thread: the daemon stops it when the connection goes.
 */
public final class ImageBuilder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImageBuilder.class);
    /** Lines of output a failure's message quotes. */
    private static final int QUOTED_LINES = 4;
    /** A build step may print nothing for a long time (a compile, a download): the build connection waits that long. */
    private static final Duration BUILD_READ_TIMEOUT = Duration.ofHours(6);

    /**
     * One build.
     *
     * @param image      the image to build (its main tag)
     * @param context    the build context directory
     * @param dockerfile the Dockerfile, inside {@code context}
     * @param aliases    more tags for the same image (e.g. {@code lean-sandbox:latest})
     * @param buildArgs  {@code --build-arg NAME=VALUE}s
     */
    public record Build(String image, Path context, Path dockerfile, List<String> aliases, Map<String, String> buildArgs) {
        public Build {
            Objects.requireNonNull(image, "image");
            context = context.toAbsolutePath().normalize();
            dockerfile = dockerfile.toAbsolutePath().normalize();
            aliases = List.copyOf(aliases);
            buildArgs = Map.copyOf(buildArgs);
        }

        /** Every tag the build applies: the image, then its aliases. */
        public Set<String> tags() {
            Set<String> tags = new LinkedHashSet<>();
            tags.add(image);
            tags.addAll(aliases);
            return tags;
        }

        /** What {@code docker build} would be told, for messages. */
        public String command() {
            StringBuilder command = new StringBuilder("docker build");
            tags().forEach(tag -> command.append(" -t ").append(tag));
            buildArgs.forEach((name, value) -> command.append(" --build-arg ").append(name).append('=').append(value));
            return command.append(" -f ").append(dockerfile).append(' ').append(context).toString();
        }
    }

    /** A step of a build as the builder announces it ({@code Step 3/12 : RUN ...}). */
    public record Step(int number, int total, String instruction) {

        private static final Pattern LINE = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
        private static final int SHOWN = 60;

        /** The step {@code line} announces, if it is such a line. */
        public static Optional<Step> parse(String line) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Step(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3).strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** {@code step 3/12 (RUN apt-get update ...)}, the instruction cut to a readable length. */
        public String describe() {
            String shown = instruction.replaceAll("\\s+", " ");
            if (shown.length() > SHOWN) {
                shown = shown.substring(0, SHOWN - 3).stripTrailing() + "...";
            }
            return "step " + number + "/" + total + " (" + shown + ")";
        }
    }

    /** What a build tells as it goes; called on the thread that reads the daemon's answer. */
    public interface Listener {
        Listener NONE = step -> { };

        /** A step starts. */
        void step(Step step);

        /** A line of the build's output (steps included), without its line end. */
        default void output(String line) {
        }
    }

    private final DockerClient control;
    private final DockerClient builds;
    private final String daemon;
    private final Object lock = new Object();
    private ResultCallback.Adapter<BuildResponseItem> running;
    private boolean cancelled;

    private ImageBuilder(DockerClient control, DockerClient builds, String daemon) {
        this.control = control;
        this.builds = builds;
        this.daemon = daemon;
    }

    /** A builder on the daemon at {@code dockerHost} (null: DOCKER_HOST, else the default socket); nothing is asked of it yet. */
    public static ImageBuilder connect(String dockerHost) {
        DockerClientConfig config = DockerBackend.clientConfig(dockerHost == null ? null : DockerHost.of(dockerHost));
        return new ImageBuilder(DockerBackend.client(config, 4, Duration.ofSeconds(60)),
                DockerBackend.client(config, 2, BUILD_READ_TIMEOUT), config.getDockerHost().toString());
    }

    /** The daemon's address, as messages name it. */
    public String daemon() {
        return daemon;
    }

    /** Fails, saying how to fix it, when the daemon does not answer. */
    public void ping() {
        try {
            control.pingCmd().exec();
        } catch (RuntimeException e) {
            throw DockerBackend.unreachable(daemon, e);
        }
    }

    /** Whether the daemon has {@code image}. */
    public boolean exists(String image) {
        try {
            control.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Builds {@code build}, blocking until it is done; returns the image's id. Fails with an
     * {@link ImageBuildException} that names the failing step and quotes its last lines of output,
     * or says the build was cancelled.
     */
    public String build(Build build, Listener listener) {
        check(build);
        Deque<String> lastLines = new ArrayDeque<>();
        Step[] current = {null};
        String[] error = {null};
        ResultCallback.Adapter<BuildResponseItem> callback = new ResultCallback.Adapter<>() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public void onNext(BuildResponseItem item) {
                if (item.getStream() != null) {
                    partial.append(item.getStream());
                    for (int end; (end = partial.indexOf("\n")) >= 0; ) {
                        String line = partial.substring(0, end).stripTrailing();
                        partial.delete(0, end + 1);
                        line(line);
                    }
                }
                if (item.isErrorIndicated()) {
                    error[0] = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : item.getError();
                }
            }

            private void line(String line) {
                if (line.isBlank()) {
                    return;
                }
                Optional<Step> step = Step.parse(line);
                if (step.isPresent()) {
                    current[0] = step.get();
                    lastLines.clear();
                    listener.step(step.get());
                } else if (!isBuildersOwn(line)) {
                    lastLines.addLast(line.strip());
                    while (lastLines.size() > QUOTED_LINES) {
                        lastLines.removeFirst();
                    }
                }
                listener.output(line);
            }

            @Override
            public void onComplete() {
                if (!partial.isEmpty()) {
                    line(partial.toString().stripTrailing());
                    partial.setLength(0);
                }
                super.onComplete();
            }
        };
        synchronized (lock) {
            if (cancelled) {
                throw cancelledBuild(build);
            }
            running = callback;
        }
        log.info("building image {}: {}", build.image(), build.command());
        try (BuildImageCmd command = builds.buildImageCmd()
                .withBaseDirectory(build.context().toFile())
                .withDockerfile(build.dockerfile().toFile())
                .withTags(build.tags())
                .withForcerm(true)
                .withRemove(true)) {
            build.buildArgs().forEach(command::withBuildArg);
            command.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw cancelledBuild(build);
        } catch (RuntimeException e) {
            if (isCancelled()) {
                throw cancelledBuild(build);
            }
            throw new ImageBuildException("could not build the image " + build.image() + at(current[0]) + ": "
                    + DockerBackend.rootMessage(e) + quoted(lastLines), e);
        } finally {
            synchronized (lock) {
                running = null;
            }
        }
        if (isCancelled()) {
            throw cancelledBuild(build);
        }
        if (error[0] != null) {
            throw new ImageBuildException("could not build the image " + build.image() + at(current[0]) + ": "
                    + error[0].strip() + quoted(lastLines));
        }
        try {
            return control.inspectImageCmd(build.image()).exec().getId();
        } catch (NotFoundException e) {
            throw new ImageBuildException("the build of " + build.image() + " ended, but the daemon at " + daemon
                    + " has no such image" + quoted(lastLines), e);
        }
    }

    /** Stops a build in progress (its {@link #build} fails saying so), and any later one on this builder. */
    public void cancel() {
        ResultCallback.Adapter<BuildResponseItem> callback;
        synchronized (lock) {
            cancelled = true;
            callback = running;
        }
        if (callback != null) {
            try {
                callback.close();
            } catch (IOException e) {
                log.debug("closing the build stream: {}", e.toString());
            }
        }
    }

    private boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    private static void check(Build build) {
        if (!Files.isDirectory(build.context())) {
            throw new ImageBuildException("cannot build the image " + build.image() + ": the build context "
                    + build.context() + " is not a directory (setting docker.build_context)");
        }
        if (!Files.isRegularFile(build.dockerfile())) {
            throw new ImageBuildException("cannot build the image " + build.image() + ": there is no Dockerfile at "
                    + build.dockerfile() + " (setting docker.dockerfile)");
        }
        if (!build.dockerfile().startsWith(build.context())) {
            throw new ImageBuildException("cannot build the image " + build.image() + ": the Dockerfile " + build.dockerfile()
                    + " is not inside the build context " + build.context());
        }
    }

    /** The builder's bookkeeping lines, which say nothing about why a step failed. */
    private static boolean isBuildersOwn(String line) {
        String l = line.strip();
        return l.startsWith("--->") || l.startsWith("Removing intermediate container") || l.startsWith("Successfully built")
                || l.startsWith("Successfully tagged") || l.startsWith("Sending build context");
    }

    private static ImageBuildException cancelledBuild(Build build) {
        return new ImageBuildException("the build of the image " + build.image() + " was cancelled");
    }

    private static String at(Step step) {
        return step == null ? "" : " (" + step.describe() + ")";
    }

    private static String quoted(Deque<String> lines) {
        return lines.isEmpty() ? "" : "; its last output: " + String.join(" | ", lines);
    }

    @Override
    public void close() {
        for (DockerClient client : List.of(control, builds)) {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("closing docker client: {}", e.toString());
            }
        }
    }
}
