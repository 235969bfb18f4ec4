package io.leansandbox.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;

import java.io.InputStream;
import java.io.OutputStream;

/** The MCP server: the {@code execute-lean} tool on a stdio transport (newline-delimited JSON-RPC). */
final class LeanMcpServer {

    static final String NAME = "lean-sandbox";

    private LeanMcpServer() {
    }

    /** Serves on {@code in}/{@code out} until the session ends: end of input, or a line that is not JSON-RPC. */
    static void serveUntilSessionEnds(InputStream in, OutputStream out, CodeRunner runner) throws InterruptedException {
        SessionEndSignal transport = new SessionEndSignal(
                new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out));
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, LeanSandboxCli.version())
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(new ExecuteLeanTool(runner).specification())
                .build();
        try {
            transport.awaitEnd();
        } finally {
            server.close();
        }
    }
}
