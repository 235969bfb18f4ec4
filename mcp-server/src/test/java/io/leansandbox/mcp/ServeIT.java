package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as an MCP client sees it: a subprocess speaking newline-delimited JSON-RPC on
 * stdin/stdout, against the Docker daemon and the stand-in image.
 *
 * <p>{@code def f := 37} gets its verdict from the recorded transcript of the real REPL
 * ({@code def_eval}: accepted silently), which the stand-in replays.
 */
class ServeIT {

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesExecuteLeanOverStdioAndExitsWhenStdinCloses() throws Exception {
        server = ServerProcess.serve(ServerProcess.JAR.resolveSibling("serve-it-stderr.log"), List.of(), false,
                "--image", ServerProcess.IMAGE, "--pool-size", "1", "--timeout", "10");

        // initialize is answered at once: the engine starts in the background.
        JsonNode initialized = server.initialize("ServeIT");
        assertThat(initialized.at("/result/capabilities/tools").isObject()).isTrue();

        server.send(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list"));
        JsonNode tools = server.response(2, Duration.ofSeconds(10)).at("/result/tools");
        assertThat(tools).extracting(tool -> tool.get("name").asText()).containsExactly(
                "execute-lean", "execute-lean-persistent", "cleanup-session", "check-proof", "verify-batch", "start-proof",
                "apply-tactic", "apply-tactics", "get-goals", "goals-at", "list-sessions", "status");
        assertThat(tools.get(0).at("/inputSchema/required/0").asText()).isEqualTo("code");

        server.send(ServerProcess.toolCall(3, "execute-lean", Map.of("code", "def f := 37")));
        JsonNode accepted = server.response(3, Duration.ofSeconds(90)).get("result");
        assertThat(accepted.get("isError").asBoolean()).as("%s", accepted).isFalse();
        assertThat(accepted.at("/structuredContent/status").asText()).isEqualTo("SUCCESS");
        assertThat(accepted.at("/structuredContent/exit_code").asInt()).isZero();
        assertThat(accepted.at("/structuredContent/diagnostics")).isEmpty();
        assertThat(accepted.at("/content/0/text").asText()).isEqualTo("Status: success\nExit Code: 0\n\nNo output\n\nRun Status: SUCCESS");
        assertThat(server.sandboxes()).as("the server's warm sandboxes").isPositive();

        server.send(ServerProcess.toolCall(4, "execute-lean", Map.of("code", "")));
        JsonNode empty = server.response(4, Duration.ofSeconds(10)).get("result");
        assertThat(empty.get("isError").asBoolean()).isTrue();
        assertThat(empty.at("/content/0/text").asText()).contains("'code'", "empty");

        server.closeStdin();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("the server exits after stdin closes").isTrue();
        assertThat(server.process().exitValue()).as("exit code; stderr: %s", server.stderr()).isZero();
        assertThat(server.containers()).as("containers left by the server").isZero();
    }
}
