package io.leansandbox.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The MCP server: its tools, on a stdio transport (newline-delimited JSON-RPC) or on any other
 * transport the SDK offers ({@link HttpMcpServer} uses streamable HTTP).
 */
final class LeanMcpServer {

    static final String NAME = "lean-sandbox";

    private LeanMcpServer() {
    }

    /** The server, with its name and tools, on the transport {@code transport} was made for. */
    static McpSyncServer build(McpServer.SyncSpecification<?> transport, CodeRunner runner) {
        return transport
                .serverInfo(NAME, LeanSandboxCli.version())
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(LeanTools.specifications(runner))
                .build();
    }

    /**
     * Serves on {@code in}/{@code out} until the session ends at the end of input. A line that is not
     * JSON-RPC gets a JSON-RPC error response and the session goes on (see {@link StdioLineGuard}).
     */
    static void serveUntilSessionEnds(InputStream in, OutputStream out, CodeRunner runner) throws InterruptedException {
        SessionEndSignal transport = new SessionEndSignal(new StdioServerTransportProvider(
                McpJsonDefaults.getMapper(), new StdioLineGuard(in, out), out));
        McpSyncServer server = build(McpServer.sync(transport), runner);
        try {
            transport.awaitEnd();
        } finally {
            server.close();
        }
    }
}
