package io.leansandbox.mcp;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.SandboxUnavailableException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExecuteLeanToolTest {

    private final List<String> ran = new ArrayList<>();

    private ExecuteLeanTool toolAnswering(io.leansandbox.engine.result.RunResult result) {
        return new ExecuteLeanTool(code -> {
            ran.add(code);
            return result;
        });
    }

    private static String text(CallToolResult result) {
        assertThat(result.content()).singleElement().isInstanceOf(TextContent.class);
        return ((TextContent) result.content().get(0)).text();
    }

    @Test
    void aVerdictComesBackAsTextAndStructuredContent() {
        CallToolResult result = toolAnswering(Results.leanError()).call(Map.of("code", "def f : Nat := by apply Nat.succ"));
        assertThat(ran).containsExactly("def f : Nat := by apply Nat.succ");
        assertThat(result.isError()).as("Lean's errors are a verdict, not a failed call").isFalse();
        assertThat(text(result)).isEqualTo(ResultText.seed(Results.leanError()));
        assertThat(result.structuredContent()).isEqualTo(ResultFields.of(Results.leanError()));
    }

    @Test
    void anInfrastructureErrorIsAFailedCallThatStillCarriesTheResult() {
        CallToolResult result = toolAnswering(Results.infrastructureError("the sandbox failed: agent died")).call(Map.of("code", "x"));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("Status: error", "Error: the sandbox failed: agent died", "Run Status: INFRASTRUCTURE_ERROR");
        assertThat(result.structuredContent()).isNotNull();
    }

    @Test
    void badArgumentsAreAnErrorResultAndNothingRuns() {
        ExecuteLeanTool tool = toolAnswering(Results.success());
        for (Map<String, Object> arguments : List.<Map<String, Object>>of(Map.of(), Map.of("code", ""), Map.of("code", 1),
                Map.of("kode", "def f := 1"))) {
            CallToolResult result = tool.call(arguments);
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).startsWith("Invalid arguments: ").contains("'code'");
        }
        assertThat(ran).isEmpty();
    }

    @Test
    void argumentsItDoesNotNameAreIgnoredAsTheOriginalIgnoredThem() {
        CallToolResult result = toolAnswering(Results.success()).call(Map.of("code", "def f := 37", "language", "lean4", "verbose", true));
        assertThat(result.isError()).isFalse();
        assertThat(ran).containsExactly("def f := 37");
        assertThat(ExecuteLeanTool.TOOL.inputSchema()).doesNotContainKey("additionalProperties");
    }

    @Test
    void refusedSourceIsAnErrorResultNamingTheCause() {
        ExecuteLeanTool tool = new ExecuteLeanTool(code -> {
            throw new InvalidSourceException("import Foo is not allowed (allowed_imports: Lean)");
        });
        CallToolResult result = tool.call(Map.of("code", "import Foo"));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("Invalid Lean source: import Foo is not allowed (allowed_imports: Lean)");
    }

    @Test
    void anEngineThatCannotStartIsAnErrorResultNamingTheCause() {
        ExecuteLeanTool tool = new ExecuteLeanTool(code -> {
            throw new SandboxUnavailableException("the image 'x' is not in the Docker daemon");
        });
        CallToolResult result = tool.call(Map.of("code", "def f := 37"));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("Lean is unavailable: the image 'x' is not in the Docker daemon");
    }

    @Test
    void anUnexpectedFailureIsStillAnAnswer() {
        ExecuteLeanTool tool = new ExecuteLeanTool(code -> {
            throw new IllegalStateException("bug");
        });
        CallToolResult result = tool.call(Map.of("code", "def f := 37"));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("Internal error", "bug");
    }

    @Test
    void theToolAnnouncesARequiredStringCodeAndItsOutputSchema() {
        assertThat(ExecuteLeanTool.TOOL.name()).isEqualTo("execute-lean");
        assertThat(ExecuteLeanTool.TOOL.inputSchema()).containsEntry("required", List.of("code"));
        assertThat(ExecuteLeanTool.TOOL.inputSchema().get("properties"))
                .isEqualTo(Map.of("code", Map.of("type", "string", "description", "Lean 4 source, as the contents of a .lean file")));
        assertThat(ExecuteLeanTool.TOOL.outputSchema()).isEqualTo(ResultFields.OUTPUT_SCHEMA);
    }
}
