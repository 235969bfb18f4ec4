package io.leansandbox.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * The MCP server: its tools, on a stdio transport (newline-delimited JSON-RPC) or on any other
 * transport the SDK offers ({@link HttpMcpServer} uses streamable HTTP).
 */
final class LeanMcpServer {

    static final String NAME = "lean-sandbox";

    /** The connection key of the one stdio client, for {@link CallTracker}. */
    static final String STDIO = "stdio";

    /** What {@code initialize} tells agents: how the tools fit together. */
    static final String INSTRUCTIONS = """
            lean-sandbox checks and runs Lean 4 code in isolated sandboxes.
            - One-off checks: execute-lean (code with `main` runs as a program); check-proof grades a proof \
            (give formal_statement to pin the theorem it must prove); verify-batch grades many candidates in one call.
            - Step by step: execute-lean-persistent keeps definitions across calls in a session (pass back the \
            session_id it returns); start-proof lists the proof state of each `sorry`; apply-tactic runs one tactic on a \
            proof state and returns a new one (earlier states stay valid, so backtrack freely); apply-tactics tries \
            several tactics on one state at once; get-goals shows a state's goals again; goals-at shows the goals at \
            a line of code; list-sessions; cleanup-session when done (idle sessions expire).
            - Lean's errors, sorries and timeouts are results (status, verdict, diagnostics with line:column), not \
            failures. isError means there is no verdict: fix what the text names (arguments, session id, source size) \
            and call again.
            - Long calls (a first `import Mathlib` can take a minute): send a progressToken to get progress \
            notifications, pass `timeout` (seconds) to stop Lean sooner, and cancel calls you no longer need; a \
            cancelled session command leaves the session usable, and the next reply's notice says if it was restored.
            - Over HTTP your sessions are yours alone: other clients cannot see or use them.""";

    private LeanMcpServer() {
    }

    /** The server, with its name and tools, on the transport {@code transport} was made for, without call tracking (tests). */
    static McpSyncServer build(McpServer.SyncSpecification<?> transport, CodeRunner runner) {
        return build(transport, runner, null, exchange -> null);
    }

    /**
     * The server, with its name, instructions and tools, on the transport {@code transport} was made
     * for; {@code tracker} gives each call its cancellation and progress, {@code owner} says whose
     * sessions a call may use.
     */
    static McpSyncServer build(McpServer.SyncSpecification<?> transport, CodeRunner runner, CallTracker tracker,
                               Function<McpSyncServerExchange, String> owner) {
        return transport
                .serverInfo(NAME, LeanSandboxCli.version())
                .instructions(INSTRUCTIONS)
                .capabilities(ServerCapabilities.builder().tools(false).logging().build())
                .tools(LeanTools.specifications(runner, tracker, owner))
                .build();
    }

    /**
     * Serves on {@code in}/{@code out} until the session ends at the end of input. A line that is not
     * JSON-RPC gets a JSON-RPC error response and the session goes on (see {@link StdioLineGuard}),
     * which also passes {@code notifications/cancelled} to the calls in flight. The one client owns
     * every session.
     */
    static void serveUntilSessionEnds(InputStream in, OutputStream out, CodeRunner runner) throws InterruptedException {
        try (CallTracker tracker = new CallTracker()) {
            SessionEndSignal transport = new SessionEndSignal(new StdioServerTransportProvider(
                    McpJsonDefaults.getMapper(), new StdioLineGuard(in, out, tracker), out), tracker);
            McpSyncServer server = build(McpServer.sync(transport), runner, tracker, exchange -> null);
            try {
                transport.awaitEnd();
            } finally {
                tracker.connectionEnded(STDIO, "the client closed stdin");
                server.close();
            }
        }
    }
}
