package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/**
 * The {@code execute-lean} tool: checks or runs Lean source in a fresh sandbox.
 *
 * <p>A verdict of Lean's (errors, a timeout) is a successful call whose result says so; only a call
 * that could not produce a verdict (bad arguments, refused source, no sandbox) is an {@code isError}
 * result, with a message naming the cause. As the original's, it ignores arguments it does not name;
 * its text is in the original's layout ({@link ResultText}).
 */
record ExecuteLeanTool(CodeRunner runner) implements LeanTool {

    static final String NAME = "execute-lean";

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Execute Lean")
            .description("Check or run Lean 4 code in an isolated sandbox. Code that defines `main` is compiled and run "
                    + "with `lean --run`; other code is elaborated by the Lean REPL. The result gives the status "
                    + "(SUCCESS, ERROR, TIMEOUT, MEMORY_EXCEEDED, OUTPUT_LIMIT, INFRASTRUCTURE_ERROR, SANDBOX_VIOLATION), the exit code "
                    + "`lean` would return, Lean's messages with positions, the sorries, and the program's output.")
            // Open, as the original's: arguments it does not name are ignored.
            .inputSchema(Schemas.openInput(List.of(ToolArguments.CODE),
                    ToolArguments.CODE, Schemas.described(Schemas.STRING, "Lean 4 source, as the contents of a .lean file")))
            .outputSchema(ResultFields.OUTPUT_SCHEMA)
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        RunResult result = runner.run(ToolArguments.code(arguments));
        return ToolCalls.result(ResultText.seed(result), ResultFields.of(result), result.status() == Status.INFRASTRUCTURE_ERROR);
    }
}
