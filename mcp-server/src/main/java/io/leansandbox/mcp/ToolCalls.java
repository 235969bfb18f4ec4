package io.leansandbox.mcp;

import io.leansandbox.engine.CancelledException;
import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.SandboxBusyException;
import io.leansandbox.engine.session.SessionLimitException;
import io.leansandbox.engine.session.UnknownSessionException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every tool does around its own work: refuse arguments it does not take, and turn a call that
 * could not produce an answer into an {@code isError} result whose text names the cause, so that the
 * server keeps serving. Lean's own verdicts (errors, sorries, timeouts) are not failures: the tools
 * return them as results.
 *
 * <p>Tools that run Lean also take a {@value #TIMEOUT} argument (seconds), which is taken off here
 * and becomes the call's {@link CallContext#timeout()}; the engine caps it at the configured limit.
 */
final class ToolCalls {

    private static final Logger log = LoggerFactory.getLogger(ToolCalls.class);

    /** The argument, in seconds, that bounds each Lean command of a call, up to the configured {@code timeout}. */
    static final String TIMEOUT = "timeout";

    private ToolCalls() {
    }

    /** A tool's own work: {@link LeanTool#answer}. */
    @FunctionalInterface
    interface Answer {
        CallToolResult answer(Map<String, Object> arguments, CallContext context);
    }

    /** The specification of {@code tool}, answered by {@code call} on the call's arguments, with no context. */
    static SyncToolSpecification specification(Tool tool, Answer call) {
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> guarded(tool, call, request.arguments(), CallContext.NONE))
                .build();
    }

    /**
     * The specification of {@code tool} as the server offers it: each call gets its context from
     * {@code tracker} (cancellation, progress, log messages), its owner from {@code owner}, and is
     * answered by {@code call}.
     */
    static SyncToolSpecification specification(Tool tool, Answer call, CallTracker tracker,
                                               Function<McpSyncServerExchange, String> owner) {
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> {
                    try (CallTracker.Call tracked = tracker.begin(exchange, request, tool.name(), owner)) {
                        CallToolResult result = guarded(tool, call, request.arguments(), tracked.context());
                        summarise(tracked, result);
                        return result;
                    }
                })
                .build();
    }

    /**
     * Calls {@code call} in {@code context} after checking the argument names against the tool's
     * input schema (and taking {@value #TIMEOUT} off them); failures become error results.
     */
    static CallToolResult guarded(Tool tool, Answer call, Map<String, Object> arguments, CallContext context) {
        try {
            ToolArguments.allowOnly(arguments, tool.inputSchema()); // open schemas (the original's tools) take any
            if (arguments != null && arguments.containsKey(TIMEOUT) && Schemas.inputNames(tool.inputSchema()).contains(TIMEOUT)) {
                Duration timeout = timeout(arguments.get(TIMEOUT));
                Map<String, Object> rest = new LinkedHashMap<>(arguments);
                rest.remove(TIMEOUT);
                arguments = rest;
                if (timeout != null) {
                    context = context.withTimeout(timeout);
                }
            }
            context.cancellation().throwIfCancelled();
            return call.answer(arguments, context);
        } catch (RuntimeException e) {
            return failure(tool.name(), e);
        }
    }

    /** The {@value #TIMEOUT} argument: null (absent), or a number of seconds above 0. */
    static Duration timeout(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new ToolArguments.BadArgumentException("argument '" + TIMEOUT + "' must be a number of seconds, got " + value);
        }
        BigDecimal seconds = new BigDecimal(number.toString());
        if (seconds.signum() <= 0) {
            throw new ToolArguments.BadArgumentException("argument '" + TIMEOUT + "' must be more than 0 seconds, got " + value);
        }
        long millis = seconds.movePointRight(3).min(BigDecimal.valueOf(Long.MAX_VALUE / 2)).longValue();
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** Tells the client, at the fitting log level, how the call ended. */
    private static void summarise(CallTracker.Call tracked, CallToolResult result) {
        String firstLine = result.content() != null && !result.content().isEmpty() && result.content().get(0) instanceof TextContent t
                ? t.text().lines().findFirst().orElse("") : "";
        if (tracked.context().cancellation().isCancelled()) {
            tracked.finish(LoggingLevel.INFO, "cancelled: " + tracked.context().cancellation().reason());
        } else if (Boolean.TRUE.equals(result.isError())) {
            tracked.finish(LoggingLevel.WARNING, "failed: " + firstLine);
        } else if (result.structuredContent() instanceof Map<?, ?> fields && fields.get("notice") instanceof String notice) {
            tracked.finish(LoggingLevel.WARNING, "answered; the session's REPL was restarted: " + notice);
        } else {
            tracked.finish(LoggingLevel.INFO, "answered: " + firstLine);
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
        if (e instanceof CancelledException) {
            return "Cancelled: " + e.getMessage();
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
