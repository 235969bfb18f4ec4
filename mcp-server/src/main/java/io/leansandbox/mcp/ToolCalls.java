package io.leansandbox.mcp;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.SandboxBusyException;
import io.leansandbox.engine.session.SessionLimitException;
import io.leansandbox.engine.session.UnknownSessionException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Function;

/**
 * What every tool does around its own work: refuse arguments it does not take, and turn a call that
 * could not produce an answer into an {@code isError} result whose text names the cause, so that the
 * server keeps serving. Lean's own verdicts (errors, sorries, timeouts) are not failures: the tools
 * return them as results.
 */
final class ToolCalls {

    private static final Logger log = LoggerFactory.getLogger(ToolCalls.class);

    private ToolCalls() {
    }

    /** The specification of {@code tool}, answered by {@code call} on the call's arguments. */
    static SyncToolSpecification specification(Tool tool, Function<Map<String, Object>, CallToolResult> call) {
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> guarded(tool, call, request.arguments()))
                .build();
    }

    /** Calls {@code call} after checking the argument names against the tool's input schema; failures become error results. */
    static CallToolResult guarded(Tool tool, Function<Map<String, Object>, CallToolResult> call, Map<String, Object> arguments) {
        try {
            ToolArguments.allowOnly(arguments, Schemas.inputNames(tool.inputSchema()));
            return call.apply(arguments);
        } catch (RuntimeException e) {
            return failure(tool.name(), e);
        }
    }

    /** The error result for a call that failed with {@code e}: one line naming the cause. */
    static CallToolResult failure(String toolName, RuntimeException e) {
        return error(describe(toolName, e));
    }

    static String describe(String toolName, RuntimeException e) {
        if (e instanceof ToolArguments.BadArgumentException) {
            return "Invalid arguments: " + e.getMessage();
        }
        if (e instanceof InvalidSourceException) {
            return "Invalid Lean source: " + e.getMessage();
        }
        if (e instanceof UnknownSessionException) {
            return "Unknown session: " + e.getMessage();
        }
        if (e instanceof SessionLimitException) {
            return "Session limit reached: " + e.getMessage();
        }
        if (e instanceof SandboxBusyException) {
            return "Lean is busy: " + e.getMessage();
        }
        if (e instanceof LeanSandboxException) {
            return "Lean is unavailable: " + e.getMessage();
        }
        log.error("{} failed unexpectedly", toolName, e);
        return "Internal error: " + e;
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    static CallToolResult result(String text, Map<String, Object> structured, boolean isError) {
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(isError).build();
    }
}
