package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code goals-at} over a fake engine whose answers are the real REPL's recorded info trees
 * (transcripts infotree_theorem and infotree), read by the engine's own reader.
 */
class GoalsAtToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeTools tools = new FakeTools();

    /** Answers every goals-at with answer 0 of {@code transcript}, as the engine reads it. */
    private void recorded(String transcript) {
        RecordedTranscript t = RecordedTranscript.named(transcript);
        ReplResponse answer = new ReplResponseParser(JSON).parse(t.answers().get(0));
        RunResult result = new RunResult(Status.SUCCESS, RunMode.CHECK, 0, answer.messages(), answer.sorries(), "", "", false,
                Duration.ofMillis(8), Duration.ofMillis(5));
        tools.engine.onGoalsAt = (session, code, line, column) -> GoalsAtReply.of(session, code, result, answer, null, line, column);
    }

    private static String code(String transcript) {
        return RecordedTranscript.named(transcript).code(0);
    }

    @Test
    void theGoalsBeforeAndAfterTheTacticAtAPosition() {
        recorded("infotree_theorem");
        // theorem show_p (p: Prop) (h : p) : p := by exact h   -- column 45 is inside `exact h`
        CallToolResult result = tools.goalsAt.call(Map.of("code", code("infotree_theorem"), "line", 1, "column", 45));
        assertThat(text(result)).isEqualTo("""
                Goals at line 1, column 45:
                Tactic: exact h (1:43-1:50)
                Goals Before:
                p : Prop
                h : p
                ⊢ p
                Goals After: none: no goals left""");
        Map<String, Object> fields = structured(GoalsAtTool.TOOL, result);
        assertThat(fields).containsEntry("found", true).containsEntry("session_id", null)
                .containsEntry("goals_before", List.of("p : Prop\nh : p\n⊢ p")).containsEntry("goals_after", List.of())
                .containsEntry("tactic_lines", List.of(1)).containsEntry("status", "SUCCESS");
        assertThat(fields.get("tactics")).isEqualTo(List.of(Map.of("text", "exact h", "line", 1, "column", 43, "end_line", 1, "end_column", 50)));
        assertThat(tools.engine.calls).containsExactly(new FakeEngine.Call("goals-at", null, "1:45 " + code("infotree_theorem")));
    }

    @Test
    void aLineAloneGivesTheOutermostTacticsOnIt() {
        recorded("infotree_theorem");
        Map<String, Object> fields = structured(GoalsAtTool.TOOL,
                tools.goalsAt.call(Map.of("code", code("infotree_theorem"), "line", 1)));
        assertThat(fields.get("tactics")).asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("text", "by exact h");
        assertThat(fields).containsEntry("column", null);
    }

    @Test
    void noTacticThereIsAResultThatSaysWhereTheTacticsAreAndLeansMessagesFollow() {
        recorded("infotree");
        // def f (h : Int) : Nat := by constructor   -- column 4 is the name `f`
        CallToolResult result = tools.goalsAt.call(Map.of("code", code("infotree"), "line", 1, "column", 4));
        assertThat(text(result)).startsWith("Goals at line 1, column 4: no tactic there (tactics start on line 1)\n\nLean's Messages:\n"
                + "1:7: warning: Variable name `h` is not explicitly referenced.");
        assertThat(structured(GoalsAtTool.TOOL, result)).containsEntry("found", false).containsEntry("tactics", List.of());
    }

    @Test
    void inASessionTheSessionIsNamed() {
        recorded("infotree");
        tools.persistent.call(Map.of("code", "def g := 1", "session_id", "s"));
        CallToolResult result = tools.goalsAt.call(Map.of("code", code("infotree"), "line", 1, "session_id", "s"));
        assertThat(text(result)).startsWith("Session ID: s\n\nGoals at line 1:\nTactic: constructor (1:28-1:39)");
        assertThat(error(tools.goalsAt.call(Map.of("code", "x", "line", 1, "session_id", "nope")))).startsWith("Unknown session");
    }

    @Test
    void argumentsAreCheckedAgainstTheCode() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("code", "a\nb"), "missing required argument 'line'",
                Map.of("code", "a\nb", "line", 3), "argument 'line' must be an integer from 1 to 2, got 3",
                Map.of("code", "a\nb", "line", 0), "argument 'line' must be an integer from 1 to 2, got 0",
                Map.of("code", "a\nbé", "line", 2, "column", 3), "argument 'column' must be an integer from 0 to 2, got 3",
                Map.of("code", "a", "line", 1, "col", 0), "unknown argument 'col'");
        cases.forEach((arguments, cause) ->
                assertThat(error(tools.goalsAt.call(arguments))).as("%s", arguments).startsWith("Invalid arguments: " + cause));
        assertThat(tools.engine.calls).isEmpty();
    }

}
