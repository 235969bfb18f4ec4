package io.leansandbox.engine.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.leansandbox.engine.testing.DockerClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builds against the real daemon (legacy builder), on the offline base image: steps reported as they
 * start, every tag applied, a failing step named with its output, a cancelled build stopped.
 */
class ImageBuilderIT {

    private static final String BASE = System.getProperty("lean.base.image", "lean-sandbox/base:bookworm");

    @TempDir
    Path context;

    private final String nonce = UUID.randomUUID().toString().substring(0, 8);
    private final String image = "lean-sandbox/test-imagebuilder:" + nonce;
    private final List<String> made = new ArrayList<>();

    @AfterEach
    void removeImages() throws IOException {
        try (DockerClient docker = DockerClients.local()) {
            for (String tag : made) {
                try {
                    docker.removeImageCmd(tag).withForce(true).exec();
                } catch (NotFoundException e) {
                    // never built
                }
            }
        }
    }

    private ImageBuilder.Build build(String dockerfile, List<String> aliases) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        made.add(image);
        made.addAll(aliases);
        return new ImageBuilder.Build(image, context, context.resolve("Dockerfile"), aliases, Map.of("NONCE", nonce));
    }

    @Test
    void aBuildReportsEachStepAsItStartsAndAppliesEveryTag() throws IOException {
        List<ImageBuilder.Step> steps = new CopyOnWriteArrayList<>();
        List<String> output = new CopyOnWriteArrayList<>();
        String alias = image + "-alias";
        ImageBuilder.Build build = build("FROM " + BASE + "\nARG NONCE\nRUN echo \"building $NONCE\" && echo second-line\n", List.of(alias));
        try (ImageBuilder builder = ImageBuilder.connect(null)) {
            builder.ping();
            assertThat(builder.exists(image)).isFalse();
            String id = builder.build(build, new ImageBuilder.Listener() {
                @Override
                public void step(ImageBuilder.Step step) {
                    steps.add(step);
                }

                @Override
                public void output(String line) {
                    output.add(line);
                }
            });
            assertThat(steps).extracting(ImageBuilder.Step::number, ImageBuilder.Step::total)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 3), org.assertj.core.groups.Tuple.tuple(2, 3),
                            org.assertj.core.groups.Tuple.tuple(3, 3));
            assertThat(steps.get(2).instruction()).startsWith("RUN echo");
            assertThat(output).contains("building " + nonce, "second-line");
            assertThat(builder.exists(image)).isTrue();
            assertThat(builder.exists(alias)).isTrue();
            try (DockerClient docker = DockerClients.local()) {
                assertThat(docker.inspectImageCmd(alias).exec().getId()).isEqualTo(id);
            }
        }
    }

    @Test
    void aFailingStepIsNamedWithItsLastOutput() throws IOException {
        ImageBuilder.Build build = build("FROM " + BASE + "\nRUN echo failing-output && exit 3\n", List.of());
        try (ImageBuilder builder = ImageBuilder.connect(null)) {
            assertThatThrownBy(() -> builder.build(build, ImageBuilder.Listener.NONE))
                    .isInstanceOf(ImageBuildException.class)
                    .hasMessageStartingWith("could not build the image " + image + " (step 2/2 (RUN echo failing-output && exit 3)): ")
                    .hasMessageContaining("returned a non-zero code: 3")
                    .hasMessageEndingWith("; its last output: failing-output");
            assertThat(builder.exists(image)).isFalse();
        }
    }

    @Test
    void aCancelledBuildStopsAndSaysSo() throws Exception {
        ImageBuilder.Build build = build("FROM " + BASE + "\nARG NONCE\nRUN echo \"$NONCE\" && sleep 60\n", List.of());
        CountDownLatch lastStep = new CountDownLatch(1);
        try (ImageBuilder builder = ImageBuilder.connect(null)) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    builder.build(build, step -> {
                        if (step.number() == 3) {
                            lastStep.countDown();
                        }
                    });
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(lastStep.await(60, TimeUnit.SECONDS)).as("the build reaches its long step").isTrue();
            Thread.sleep(500);
            long cancelled = System.nanoTime();
            builder.cancel();
            assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(ImageBuildException.class)
                    .hasMessage("the build of the image " + image + " was cancelled");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cancelled)).isLessThan(15);
            assertThat(builder.exists(image)).isFalse();
        }
        // The daemon stops the step's container too (legacy builder, --force-rm).
        try (DockerClient docker = DockerClients.local()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && running(docker)) {
                Thread.sleep(250);
            }
            assertThat(running(docker)).as("a container of the cancelled step still exists").isFalse();
        }
    }

    private boolean running(DockerClient docker) {
        return docker.listContainersCmd().withShowAll(true).exec().stream()
                .anyMatch(c -> c.getCommand() != null && c.getCommand().contains(nonce));
    }

    @Test
    void aMissingContextOrDockerfileIsNamed() throws IOException {
        try (ImageBuilder builder = ImageBuilder.connect(null)) {
            assertThatThrownBy(() -> builder.build(new ImageBuilder.Build(image, context.resolve("none"), context.resolve("none/Dockerfile"),
                    List.of(), Map.of()), ImageBuilder.Listener.NONE))
                    .isInstanceOf(ImageBuildException.class).hasMessageContaining("is not a directory (setting docker.build_context)");
            assertThatThrownBy(() -> builder.build(new ImageBuilder.Build(image, context, context.resolve("Dockerfile"),
                    List.of(), Map.of()), ImageBuilder.Listener.NONE))
                    .isInstanceOf(ImageBuildException.class).hasMessageContaining("there is no Dockerfile at " + context.resolve("Dockerfile"));
        }
    }

    @Test
    void anUnreachableDaemonIsNamedWithTheFix() {
        try (ImageBuilder builder = ImageBuilder.connect("unix:///nonexistent/docker.sock")) {
            assertThatThrownBy(builder::ping).hasMessageStartingWith("cannot reach the Docker daemon at unix:///nonexistent/docker.sock (")
                    .hasMessageContaining("Start it");
        }
    }
}
