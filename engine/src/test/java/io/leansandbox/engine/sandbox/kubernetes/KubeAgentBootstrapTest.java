package io.leansandbox.engine.sandbox.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.sandbox.AgentScript;
import io.leansandbox.engine.sandbox.Sandbox;
import io.leansandbox.engine.sandbox.SandboxFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pod's stream protocol with the real agent, over pipes instead of an exec: the bootstrap reads
 * the agent's source from stdin, then the agent answers the engine on the same stream. (In local
 * isolation: in container isolation a reset would kill every process of this machine's user.)
 */
class KubeAgentBootstrapTest {

    @Test
    void theBootstrapReceivesTheAgentThenTheAgentServesOverTheSameStream(@TempDir Path scratch) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || which("python3"), "python3 is needed");
        Process agent = new ProcessBuilder(AgentScript.bootstrapCommand("python3")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            Sandbox sandbox = new SandboxFactory(new ObjectMapper()).start("piped", transport -> {
                OutputStream in = agent.getOutputStream();
                try {
                    in.write(AgentScript.bootstrapPayload());
                    in.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Thread reader = new Thread(() -> {
                    try (InputStream out = agent.getInputStream()) {
                        byte[] buffer = new byte[8192];
                        for (int n; (n = out.read(buffer)) > 0; ) {
                            transport.agentStdout(buffer, 0, n);
                        }
                    } catch (java.io.IOException e) {
                        // ends below
                    }
                    transport.agentEnded("the agent exited");
                });
                reader.setDaemon(true);
                reader.start();
                return new SandboxFactory.Link(in, agent::destroy);
            }, () -> { }, Optional::empty,
                    new Sandbox.AgentSetup(false, scratch.toString(), List.of(scratch.toString()), scratch.toString(), null, 0, 0,
                            Map.of("nofile", 256L, "fsize", 1L << 20), true), Duration.ofSeconds(20));
            Files.writeString(scratch.resolve("left-behind"), "x");
            sandbox.reset(); // kill, wipe, then a health check with a fresh nonce: three more requests on the stream
            assertThat(scratch.resolve("left-behind")).doesNotExist();
            assertThat(sandbox.isBroken()).isFalse();
            sandbox.destroy();
        } finally {
            agent.destroyForcibly();
        }
    }

    private static boolean which(String program) {
        return System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
