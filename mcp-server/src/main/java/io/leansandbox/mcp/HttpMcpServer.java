package io.leansandbox.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.EnumSet;

/**
 * The MCP server on the SDK's streamable HTTP transport, in an embedded Jetty, at
 * {@code http://HOST:PORT/mcp}. Any number of clients may connect, each with its own MCP session;
 * they all share one server and so one engine, with its pool of sandboxes.
 *
 * <p>Every request passes {@link HttpAccessFilter} first (Host and Origin checks against DNS
 * rebinding, and the bearer token when one is set).
 */
final class HttpMcpServer implements AutoCloseable {

    static final String PATH = "/mcp";

    private static final Logger log = LoggerFactory.getLogger(HttpMcpServer.class);
    /** How long a stop waits for requests in flight to be answered. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final Server jetty;
    private final McpSyncServer mcp;
    private final URI endpoint;

    private HttpMcpServer(Server jetty, McpSyncServer mcp, URI endpoint) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.endpoint = endpoint;
    }

    /**
     * Starts listening on {@code address}. {@code checkHost}: apply the Host rule of
     * {@link HttpAccessFilter} (for a loopback address); {@code token}: the bearer token, or null.
     */
    static HttpMcpServer start(HttpAddress address, boolean checkHost, String token, CodeRunner runner) throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(PATH)
                .build();
        McpSyncServer mcp = LeanMcpServer.build(McpServer.sync(transport), runner);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("mcp-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(address.host());
        connector.setPort(address.port());
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new HttpAccessFilter(checkHost, token));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, PATH);
        // On stop, requests in flight are answered (for at most STOP_TIMEOUT_MILLIS) before connections close.
        jetty.setHandler(new GracefulHandler(context));
        jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.close();
            jetty.stop();
            throw new IllegalArgumentException("--http: cannot listen on " + address.urlHost() + ":" + address.port() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        URI endpoint = URI.create("http://" + address.urlHost() + ":" + connector.getLocalPort() + PATH);
        return new HttpMcpServer(jetty, mcp, endpoint);
    }

    /** The URL clients connect to. */
    URI endpoint() {
        return endpoint;
    }

    /** Blocks until the server has stopped. */
    void join() throws InterruptedException {
        jetty.join();
    }

    /** Ends every MCP session, then stops listening once the requests in flight are answered. */
    @Override
    public void close() {
        try {
            mcp.closeGracefully();
        } catch (RuntimeException e) {
            log.warn("closing the MCP sessions: {}", e.toString());
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", e.toString());
        }
    }
}
