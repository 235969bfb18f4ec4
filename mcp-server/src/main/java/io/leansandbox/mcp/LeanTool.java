package io.leansandbox.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.Map;

/** One MCP tool: its description and its own work; {@link ToolCalls} guards every call the same way. */
interface LeanTool {

    /** The tool as tools/list shows it. */
    Tool tool();

    /**
     * The tool's own work on arguments whose names the schema allows; may throw, see {@link ToolCalls}.
     * {@code context} says who calls, and carries the call's progress reporter, cancellation and timeout.
     */
    CallToolResult answer(Map<String, Object> arguments, CallContext context);

    default SyncToolSpecification specification() {
        return ToolCalls.specification(tool(), this::answer);
    }

    /** A call as the server makes it, with no context ({@link CallContext#NONE}): argument names checked, failures turned into error results. */
    default CallToolResult call(Map<String, Object> arguments) {
        return call(arguments, CallContext.NONE);
    }

    /** A call as the server makes it, in {@code context}. */
    default CallToolResult call(Map<String, Object> arguments, CallContext context) {
        return ToolCalls.guarded(tool(), this::answer, arguments, context);
    }
}
