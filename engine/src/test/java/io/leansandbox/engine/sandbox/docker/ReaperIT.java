package io.leansandbox.engine.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.EngineHolder;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reaper removes the containers of an engine whose JVM was killed with SIGKILL (no shutdown hook
 * runs) within 10 s, without waiting for another engine to start; it goes away on a normal close;
 * and it touches no other engine's containers.
 */
class ReaperIT {

    private static final Duration REAPED_WITHIN = Duration.ofSeconds(10);

    private static DockerClient docker;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        docker = DockerClients.local();
    }

    @AfterAll
    static void disconnect() throws IOException {
        docker.close();
    }

    @Test
    void containersOfAnEngineKilledWithSigkillAreGoneWithinTenSeconds() throws Exception {
        try (Child child = Child.start(dir, 2)) {
            List<Container> before = labelled(OwnerLabels.ENGINE, child.engineId);
            assertThat(sandboxes(before)).as("the killed engine's sandboxes").hasSize(2);
            assertThat(reapers(before)).as("its reaper").hasSize(1);
            // The engine the child printed is the one whose containers name the child's pid.
            assertThat(ids(labelled(OwnerLabels.PID, Long.toString(child.process.pid())))).isEqualTo(ids(before));

            long killed = System.nanoTime();
            child.kill();
            Duration took = awaitNoneLabelled(child.engineId, killed, Duration.ofSeconds(30));
            System.out.printf("ReaperIT: %d containers of a SIGKILLed engine removed %d ms after the kill%n",
                    before.size(), took.toMillis());
            assertThat(labelled(OwnerLabels.ENGINE, child.engineId)).as("left %s ms after SIGKILL", took.toMillis()).isEmpty();
            assertThat(took).isLessThan(REAPED_WITHIN);
        }
    }

    @Test
    void aNormalCloseLeavesNeitherReaperNorSandbox() {
        String id = null;
        try {
            long closing;
            try (LeanSandbox engine = LeanSandbox.start(TestEngines.docker(1))) {
                id = engine.id();
                assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
                List<Container> ours = labelled(OwnerLabels.ENGINE, id);
                assertThat(sandboxes(ours)).isNotEmpty();
                assertThat(reapers(ours)).hasSize(1);
                assertHardened(reapers(ours).get(0));
                closing = System.nanoTime();
            }
            System.out.printf("ReaperIT: close took %d ms%n", (System.nanoTime() - closing) / 1_000_000);
            assertThat(labelled(OwnerLabels.ENGINE, id)).as("right after close").isEmpty();
        } finally {
            removeLabelled(OwnerLabels.ENGINE, id);
        }
    }

    @Test
    void aReaperThatEndsWhileTheEngineLivesIsReplaced() throws Exception {
        String id = null;
        try (LeanSandbox engine = LeanSandbox.start(TestEngines.docker(1))) {
            id = engine.id();
            Container first = reapers(labelled(OwnerLabels.ENGINE, id)).get(0);
            docker.killContainerCmd(first.getId()).exec(); // as a daemon restart would end it
            long deadline = System.nanoTime() + REAPED_WITHIN.toNanos();
            List<Container> now = List.of();
            while (System.nanoTime() < deadline) {
                now = reapers(labelled(OwnerLabels.ENGINE, id)).stream().filter(c -> !c.getId().equals(first.getId()))
                        .filter(c -> "running".equals(c.getState())).toList();
                if (!now.isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(now).as("a new reaper runs").hasSize(1);
            assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
        } finally {
            removeLabelled(OwnerLabels.ENGINE, id);
        }
        assertThat(labelled(OwnerLabels.ENGINE, id)).as("after close").isEmpty();
    }

    @Test
    void theReaperOfAKilledEngineLeavesAnotherLiveEnginesContainersAlone() throws Exception {
        String survivorId = null;
        try (LeanSandbox survivor = LeanSandbox.start(TestEngines.docker(2));
             Child child = Child.start(dir, 2)) {
            survivorId = survivor.id();
            awaitIdle(survivor, 2);
            Set<String> survivors = ids(labelled(OwnerLabels.ENGINE, survivorId));
            assertThat(survivors).hasSize(3);

            child.kill();
            awaitNoneLabelled(child.engineId, System.nanoTime(), Duration.ofSeconds(30));
            assertThat(labelled(OwnerLabels.ENGINE, child.engineId)).isEmpty();
            // A third engine's start removes orphans only: not the live survivor's containers, nor its reaper.
            try (LeanSandbox third = LeanSandbox.start(TestEngines.docker(0))) {
                assertThat(third.id()).isNotEqualTo(survivorId);
            }

            List<Container> after = labelled(OwnerLabels.ENGINE, survivorId);
            assertThat(ids(after)).isEqualTo(survivors);
            assertThat(after).allSatisfy(c -> assertThat(c.getState()).as(c.getId()).isEqualTo("running"));
            assertThat(survivor.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
        } finally {
            removeLabelled(OwnerLabels.ENGINE, survivorId);
        }
    }

    @Test
    void aReaperThatCannotStartSaysWhyAndLeavesNothing() throws IOException {
        String engineId = "reaper-it-" + java.util.UUID.randomUUID();
        Path notASocket = Files.writeString(dir.resolve("not-a-socket"), "");
        var config = DockerBackend.clientConfig((io.leansandbox.engine.config.DockerHost) null);
        try (DockerClient control = DockerBackend.client(config, 4, Duration.ofSeconds(60));
             DockerClient streams = DockerBackend.client(config, 4, Duration.ofDays(1))) {
            OwnerLabels owner = OwnerLabels.forThisJvm(engineId, null);
            assertThatThrownBy(() -> Reaper.start(control, streams, TestEngines.image(), "unix://" + dir.resolve("missing.sock"), owner))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageStartingWith("cannot start the reaper container, which removes this engine's containers if its JVM is killed: cannot create it from")
                    .hasMessageContaining("missing.sock")
                    .hasMessageContaining("docker.reaper");
            // It starts, then finds no daemon behind the mounted path, and says so on stderr.
            assertThatThrownBy(() -> Reaper.start(control, streams, TestEngines.image(), "unix://" + notASocket, owner))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("it exited before it was ready (it said: lean-sandbox reaper: cannot use the Docker socket");
            assertThat(labelled(OwnerLabels.ENGINE, engineId)).isEmpty();
        } finally {
            removeLabelled(OwnerLabels.ENGINE, engineId);
        }
    }

    /** The reaper holds the socket, so it is as locked down as what it does allows. */
    private static void assertHardened(Container reaper) {
        var inspected = docker.inspectContainerCmd(reaper.getId()).exec();
        HostConfig host = inspected.getHostConfig();
        assertThat(inspected.getConfig().getUser()).isEqualTo("0:0");
        assertThat(inspected.getConfig().getStdInOnce()).isTrue();
        assertThat(host.getAutoRemove()).isTrue();
        assertThat(host.getCapDrop()).extracting(Object::toString).containsExactly("ALL");
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getMemory()).isEqualTo(32L << 20);
        assertThat(host.getPidsLimit()).isPositive();
        assertThat(inspected.getMounts()).singleElement()
                .satisfies(m -> assertThat(m.getDestination().getPath()).isEqualTo("/var/run/docker.sock"));
    }

    private static List<Container> labelled(String label, String value) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label + "=" + value)).exec();
    }

    private static List<Container> reapers(List<Container> containers) {
        return containers.stream().filter(c -> Reaper.REAPER.equals(c.getLabels().get(Reaper.ROLE))).toList();
    }

    private static List<Container> sandboxes(List<Container> containers) {
        return containers.stream().filter(c -> !Reaper.REAPER.equals(c.getLabels().get(Reaper.ROLE))).toList();
    }

    private static Set<String> ids(List<Container> containers) {
        return containers.stream().map(Container::getId).collect(Collectors.toSet());
    }

    /** How long from {@code start} (nanoTime) until no container carries {@code engineId}, polling up to {@code atMost}. */
    private static Duration awaitNoneLabelled(String engineId, long start, Duration atMost) throws InterruptedException {
        while (!labelled(OwnerLabels.ENGINE, engineId).isEmpty() && System.nanoTime() - start < atMost.toNanos()) {
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void awaitIdle(LeanSandbox engine, int idle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (engine.poolStats().idle() < idle && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(engine.poolStats().idle()).isGreaterThanOrEqualTo(idle);
    }

    /** Whatever a test made, even when it failed half-way. */
    private static void removeLabelled(String label, String value) {
        if (value == null) {
            return;
        }
        for (Container c : labelled(label, value)) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone already
            } catch (RuntimeException e) {
                System.err.println("ReaperIT: could not remove " + c.getId() + ": " + e.getMessage());
            }
        }
    }

    /** Another JVM holding an engine with a warm pool (EngineHolder), to be killed. */
    private static final class Child implements AutoCloseable {

        final Process process;
        final String engineId;

        private Child(Process process, String engineId) {
            this.process = process;
            this.engineId = engineId;
        }

        static Child start(Path dir, int poolSize) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path stderr = Files.createTempFile(dir, "child", ".log");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dlean.test.image=" + TestEngines.image(), EngineHolder.class.getName(), Integer.toString(poolSize))
                    .redirectError(stderr.toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                }).get(120, TimeUnit.SECONDS);
                assertThat(line).as("the child's first line; its stderr: %s", Files.readString(stderr)).startsWith("READY ");
                return new Child(process, line.substring("READY ".length()));
            } catch (Throwable t) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                removeLabelled(OwnerLabels.PID, Long.toString(process.pid()));
                throw t;
            }
        }

        /** SIGKILL on Linux: no shutdown hook runs, the engine cannot clean up. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(137);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            removeLabelled(OwnerLabels.ENGINE, engineId);
        }
    }
}
