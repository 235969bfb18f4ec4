package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole tool list through the SDK's server, as a client sees it: the SDK checks every input
 * against the tool's input schema and every structured result against its output schema, and would
 * turn a mismatch into an error, so each tool is called here once over JSON-RPC.
 */
class LeanToolsTest {

    private static final List<String> SEED_TOOLS = List.of("execute-lean", "execute-lean-persistent", "cleanup-session");

    @Test
    void theOriginalsToolsComeFirstThenTheNewOnes() {
        assertThat(LeanTools.specifications(new FakeEngine())).extracting(s -> s.tool().name()).containsExactly(
                "execute-lean", "execute-lean-persistent", "cleanup-session",
                "check-proof", "verify-batch", "start-proof", "apply-tactic", "apply-tactics", "get-goals", "goals-at",
                "list-sessions", "status");
    }

    @Test
    void everyToolHasATitleADescriptionAClosedInputSchemaAndAnOutputSchema() {
        for (SyncToolSpecification specification : LeanTools.specifications(new FakeEngine())) {
            var tool = specification.tool();
            assertThat(tool.title()).as(tool.name()).isNotBlank();
            assertThat(tool.description()).as(tool.name()).isNotBlank();
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
            if (SEED_TOOLS.contains(tool.name())) {
                // The original's tools ignore arguments they do not name, as the original did.
                assertThat(tool.inputSchema()).as(tool.name()).doesNotContainKey("additionalProperties");
            } else {
                assertThat(tool.inputSchema()).as(tool.name()).containsEntry("additionalProperties", false);
            }
            assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object").containsKey("required");
        }
    }

    @Test
    void aRunnerOfOneOffChecksOnlyStillServesExecuteLean() {
        var tools = LeanTools.specifications(code -> Results.success());
        assertThat(tools).hasSize(12);
        var status = tools.stream().filter(t -> t.tool().name().equals("status")).findFirst().orElseThrow();
        var result = status.callHandler().apply(null, new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("status", Map.of()));
        assertThat(result.isError()).isTrue();
        assertThat(ToolResults.text(result)).contains("one-off checks only");
    }

    @Test
    void everyToolAnswersOverJsonRpcWithStructuredContentTheSdkAccepts() throws Exception {
        FakeEngine engine = new FakeEngine();
        Diagnostic warning = new Diagnostic(Severity.WARNING, new Position(1, 4), new Position(1, 5), "declaration uses `sorry`");
        Sorry sorry = new Sorry(new Position(1, 29), null, "x : Unit\n⊢ Nat", 0);
        engine.onCommand = (id, code) -> code.contains("sorry")
                ? FakeEngine.command(id, 0, List.of(warning), List.of(sorry))
                : FakeEngine.accepted(id, 1);
        engine.onTactic = (id, state, tactic) -> FakeEngine.tactic(id, 1, List.of("x : Unit\n⊢ Int"), "Incomplete: open goals remain", List.of());
        engine.onGrade = call -> Grades.of(io.leansandbox.engine.grading.Verdict.ERROR, call.trust(), "Lean reported an error",
                null, Results.leanError());

        try (McpClientPipe client = new McpClientPipe(engine)) {
            JsonNode tools = client.request("tools/list", Map.of()).at("/result/tools");
            assertThat(tools).hasSize(12);

            ok(client.call("execute-lean", Map.of("code", "def f := 37")));
            JsonNode started = ok(client.call("start-proof", Map.of("code", "def f (x : Unit) : Nat := by sorry")));
            String session = started.at("/structuredContent/session_id").asText();
            assertThat(started.at("/structuredContent/proof_states/0/goal").asText()).isEqualTo("x : Unit\n⊢ Nat");
            assertThat(started.at("/structuredContent/sorries/0/end_line").isMissingNode()
                    || started.at("/structuredContent/sorries/0/end_line").isNull()).isTrue();
            ok(client.call("execute-lean-persistent", Map.of("code", "def g := 1", "session_id", session)));
            ok(client.call("apply-tactic", Map.of("session_id", session, "proof_state", 0, "tactic", "apply Int.natAbs")));
            JsonNode tried = ok(client.call("apply-tactics", Map.of("session_id", session, "proof_state", 0,
                    "tactics", List.of("apply Int.natAbs", "simp"))));
            assertThat(tried.at("/structuredContent/attempts/1/ran_on").asText()).isEqualTo("copy");
            JsonNode goals = ok(client.call("get-goals", Map.of("session_id", session, "proof_state", 1)));
            assertThat(goals.at("/structuredContent/goals/0").asText()).isEqualTo("x : Unit\n⊢ Int");
            engine.onGoalsAt = (id, code, line, column) -> io.leansandbox.engine.lean.GoalsAtReply.of(id, code, Results.success(),
                    null, null, line, column);
            JsonNode at = ok(client.call("goals-at", Map.of("code", "example : True := by trivial", "line", 1, "column", 22)));
            assertThat(at.at("/structuredContent/found").asBoolean()).isFalse();
            ok(client.call("check-proof", Map.of("code", "def f := 37")));
            JsonNode batch = ok(client.call("verify-batch", Map.of("codes", List.of(Map.of("custom_id", "k", "proof", "def f := 37")))));
            assertThat(batch.at("/structuredContent/results/0/custom_id").asText()).isEqualTo("k");
            assertThat(batch.at("/structuredContent/counts/error").asInt()).isEqualTo(1);
            assertThat(ok(client.call("list-sessions", Map.of())).at("/structuredContent/sessions/0/session_id").asText()).isEqualTo(session);
            ok(client.call("status", Map.of()));
            ok(client.call("cleanup-session", Map.of("session_id", session)));

            JsonNode again = ok(client.call("cleanup-session", Map.of("session_id", session)));
            assertThat(again.at("/structuredContent/closed").asBoolean()).isFalse();
            assertThat(again.at("/content/0/text").asText()).contains("No session found with ID " + session + ", so nothing was cleaned up");
        }
    }

    @Test
    void inputsOutsideTheSchemaAreErrorsNamingTheCauseAndTheServerKeepsServing() throws Exception {
        try (McpClientPipe client = new McpClientPipe(new FakeEngine())) {
            // The original's tools ignore arguments they do not name, as the original did; the others refuse them.
            ok(client.call("execute-lean-persistent", Map.of("code", "def f := 2", "sessionId", "s")));
            JsonNode misspelt = client.call("start-proof", Map.of("code", "def f := 2", "sessionId", "s"));
            assertThat(misspelt.get("isError").asBoolean()).isTrue();
            assertThat(misspelt.at("/content/0/text").asText()).contains("sessionId");
            JsonNode wrongType = client.call("apply-tactic", Map.of("session_id", "s", "proof_state", "zero", "tactic", "rfl"));
            assertThat(wrongType.get("isError").asBoolean()).isTrue();
            assertThat(wrongType.at("/content/0/text").asText()).contains("proof_state");
            JsonNode blank = client.call("cleanup-session", Map.of("session_id", " "));
            assertThat(blank.at("/content/0/text").asText()).isEqualTo("Invalid arguments: argument 'session_id' is empty: give the id of an open session");
            ok(client.call("status", Map.of()));
        }
    }

    private static JsonNode ok(JsonNode result) {
        assertThat(result.get("isError").asBoolean()).as("%s", result).isFalse();
        assertThat(result.get("structuredContent").isObject()).as("%s", result).isTrue();
        return result;
    }
}
