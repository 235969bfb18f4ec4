package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} over stdio, the shaded jar as a subprocess on the Docker daemon and the stand-in image:
 * {@code notifications/cancelled} stops a hanging run in its sandbox, which serves the next call at
 * once (no new container), and a cancelled session command leaves the session usable, the next reply
 * saying it was restored. The stand-in's fault directives only; no verdict of Lean's is asserted.
 */
class StdioCancellationIT {

    private static final String HANGS = "--! standin: hang\ndef f := 37";

    @TempDir
    Path home;

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCancelledHangingCallFreesItsSandboxAndTheSessionGoesOn() throws Exception {
        server = ServerProcess.serve(home.resolve("stderr.log"), List.of("-Duser.home=" + home), true,
                "--image", ServerProcess.IMAGE, "--pool-size", "1", "--timeout", "60");
        server.initialize("StdioCancellationIT");
        JsonNode warmUp = server.response(send(2, "execute-lean", Map.of("code", "def f := 37")), Duration.ofSeconds(90));
        assertThat(warmUp.at("/result/isError").asBoolean()).as("%s", warmUp).isFalse();
        // The pool's one (one more that the first call made while the pool was warming up goes when it comes back).
        awaitContainers(1, Duration.ofSeconds(10));

        // A one-off run that hangs, cancelled a second in: the container is reset and serves the next call.
        send(3, "execute-lean", Map.of("code", HANGS));
        Thread.sleep(1000);
        cancel(3);
        long cancelled = System.nanoTime();
        JsonNode next = server.response(send(4, "execute-lean", Map.of("code", "def g := 1")), Duration.ofSeconds(5));
        assertThat(next.at("/result/isError").asBoolean()).as("%s", next).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).as("the next call ran at once").isLessThan(Duration.ofSeconds(2));
        // Back to the pool's one container (the next call, sent at once, may have beaten the reset to the pool).
        awaitContainers(1, Duration.ofSeconds(2));

        // A session command that hangs, cancelled: the session's next command runs at once and says it was restored.
        JsonNode opened = server.response(send(5, "execute-lean-persistent", Map.of("code", "def s := 1")), Duration.ofSeconds(10));
        String session = opened.at("/result/structuredContent/session_id").asText();
        send(6, "execute-lean-persistent", Map.of("code", HANGS, "session_id", session));
        Thread.sleep(1000);
        cancel(6);
        cancelled = System.nanoTime();
        JsonNode after = server.response(send(7, "execute-lean-persistent", Map.of("code", "def t := 2", "session_id", session)),
                Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(2));
        assertThat(after.at("/result/isError").asBoolean()).as("%s", after).isFalse();
        assertThat(after.at("/result/structuredContent/notice").asText()).contains("cancelled").contains("replayed");
        assertThat(after.at("/result/structuredContent/session_id").asText()).isEqualTo(session);

        // Neither cancelled request got a response: the client no longer expects one.
        Thread.sleep(300);
        for (String line; (line = server.pollLine()) != null; ) {
            assertThat(line).doesNotContain("\"id\":3,").doesNotContain("\"id\":6,");
        }
        server.closeStdin();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.containers()).isZero();
    }

    private void awaitContainers(int n, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (server.sandboxes() != n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.sandboxes()).isEqualTo(n);
    }

    private int send(int id, String tool, Map<String, Object> arguments) throws Exception {
        server.send(ServerProcess.toolCall(id, tool, arguments));
        return id;
    }

    private void cancel(int id) throws Exception {
        server.send(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled", "params", Map.of("requestId", id)));
    }
}
