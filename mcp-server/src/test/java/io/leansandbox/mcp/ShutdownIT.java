package io.leansandbox.mcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code serve} on stdio ends with a tool call in flight: on SIGTERM, and when the client closes
 * stdin. Either way the process exits promptly and no container labelled with its pid remains.
 *
 * <p>The call in flight is a stand-in fault directive ({@code hang}): the run never answers, so it is
 * still running when the server is told to stop. (The streamable HTTP server's SIGTERM is tested by
 * src/test/node/http.test.mjs and by the conformance run.)
 */
class ShutdownIT {

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
    void sigtermWithACallInFlightRemovesEveryContainer() throws Exception {
        startWithACallInFlight();
        server.process().destroy(); // SIGTERM
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("the server exits after SIGTERM").isTrue();
        assertThat(server.process().exitValue()).as("128 + SIGTERM; stderr: %s", server.stderr()).isEqualTo(143);
        assertThat(server.stderr()).contains("shutting down: closing the engine");
        assertThat(server.containers()).as("containers left by the server").isZero();
    }

    @Test
    void closingStdinWithACallInFlightRemovesEveryContainer() throws Exception {
        startWithACallInFlight();
        server.closeStdin();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("the server exits after stdin closes").isTrue();
        assertThat(server.process().exitValue()).as("exit code; stderr: %s", server.stderr()).isZero();
        assertThat(server.containers()).as("containers left by the server").isZero();
    }

    private void startWithACallInFlight() throws Exception {
        server = ServerProcess.serve(home.resolve("stderr.log"), List.of("-Duser.home=" + home), true,
                "--image", ServerProcess.IMAGE, "--pool-size", "1", "--timeout", "120");
        server.initialize("ShutdownIT");
        server.send(ServerProcess.toolCall(2, "execute-lean", Map.of("code", HANGS)));

        // In flight: the engine has its sandbox and the run has started (the stand-in hangs in it).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.sandboxes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(server.sandboxes()).as("the server's sandbox").isPositive();
        Thread.sleep(1500);
        assertThat(server.pollLine()).as("the hanging call has no answer yet").isNull();
        assertThat(server.process().isAlive()).isTrue();
    }
}
