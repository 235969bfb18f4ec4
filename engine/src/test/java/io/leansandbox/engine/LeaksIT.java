package io.leansandbox.engine;

import io.leansandbox.engine.testing.DockerClients;
import io.leansandbox.engine.testing.EngineHolder;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No container outlives its engine: not on close, and not when the engine's JVM is killed (its
 * reaper removes them at once, see ReaperIT; failing that, the next engine's start does).
 */
class LeaksIT {

    private static final String ENGINE_LABEL = "io.leansandbox.engine";

    @Test
    void closingAnEngineRemovesAllItsContainers() {
        String id;
        try (LeanSandbox engine = LeanSandbox.start(TestEngines.docker(3))) {
            id = engine.id();
            engine.run(LeanInputs.accepted());
            assertThat(DockerClients.countLabelled(ENGINE_LABEL, id)).isPositive();
        }
        assertThat(DockerClients.countLabelled(ENGINE_LABEL, id)).isZero();
    }

    @Test
    void containersOfAKilledEngineAreRemovedByTheNextEnginesStart() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlean.test.image=" + TestEngines.image(), EngineHolder.class.getName(), "2", "no-reaper")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String deadEngine;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).as("the holder JVM's first line").startsWith("READY ");
                deadEngine = line.substring("READY ".length());
            }
            // The case the next start is for: a JVM killed with no reaper to act (docker.reaper: false;
            // ReaperIT shows that a reaper does act).
            assertThat(DockerClients.countLabelled(ENGINE_LABEL, deadEngine)).as("2 sandboxes, no reaper").isEqualTo(2);

            holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isEqualTo(137);
            assertThat(DockerClients.countLabelled(ENGINE_LABEL, deadEngine)).as("left behind by the killed JVM").isEqualTo(2);

            try (LeanSandbox next = LeanSandbox.start(TestEngines.docker(0))) {
                assertThat(DockerClients.countLabelled(ENGINE_LABEL, deadEngine)).isZero();
            }
        } finally {
            holder.destroyForcibly(); // even when an assertion failed first: the holder must not outlive the test
        }
    }
}
