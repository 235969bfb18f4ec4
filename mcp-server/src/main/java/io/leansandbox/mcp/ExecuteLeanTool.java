package io.leansandbox.mcp;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The {@code execute-lean} tool: checks or runs Lean source in a fresh sandbox.
 *
 * <p>A verdict of Lean's (errors, a timeout) is a successful call whose result says so; only a call
 * that could not produce a verdict (bad arguments, refused source, no sandbox) is an {@code isError}
 * result, with a message naming the cause.
 */
final class ExecuteLeanTool {

    static final String NAME = "execute-lean";

    private static final Logger log = LoggerFactory.getLogger(ExecuteLeanTool.class);

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Execute Lean")
            .description("Check or run Lean 4 code in an isolated sandbox. Code that defines `main` is compiled and run "
                    + "with `lean --run`; other code is elaborated by the Lean REPL. The result gives the status "
                    + "(SUCCESS, ERROR, TIMEOUT, MEMORY_EXCEEDED, OUTPUT_LIMIT, INFRASTRUCTURE_ERROR), the exit code "
                    + "`lean` would return, Lean's messages with positions, the sorries, and the program's output.")
            .inputSchema(Map.of(
                    "type", "object",
                    "properties", Map.of(ToolArguments.CODE, Map.of(
                            "type", "string",
                            "description", "Lean 4 source, as the contents of a .lean file")),
                    "required", List.of(ToolArguments.CODE)))
            .outputSchema(ResultFields.OUTPUT_SCHEMA)
            .build();

    private final CodeRunner runner;

    ExecuteLeanTool(CodeRunner runner) {
        this.runner = runner;
    }

    SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(TOOL)
                .callHandler((exchange, request) -> call(request.arguments()))
                .build();
    }

    CallToolResult call(Map<String, Object> arguments) {
        String code;
        RunResult result;
        try {
            code = ToolArguments.code(arguments);
            result = runner.run(code);
        } catch (ToolArguments.BadArgumentException e) {
            return failure("Invalid arguments: " + e.getMessage());
        } catch (InvalidSourceException e) {
            return failure("Invalid Lean source: " + e.getMessage());
        } catch (LeanSandboxException e) {
            return failure("Lean is unavailable: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} failed unexpectedly", NAME, e);
            return failure("Internal error: " + e);
        }
        return CallToolResult.builder()
                .addTextContent(ResultText.render(result))
                .structuredContent(ResultFields.of(result))
                .isError(result.status() == Status.INFRASTRUCTURE_ERROR)
                .build();
    }

    private static CallToolResult failure(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
