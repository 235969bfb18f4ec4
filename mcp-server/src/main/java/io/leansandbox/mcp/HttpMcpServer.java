package io.leansandbox.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

/**
 * The MCP server on the SDK's streamable HTTP transport, in an embedded Jetty, at
 * {@code http://HOST:PORT/mcp}. Any number of clients may connect, each with its own MCP session;
 * they all share one server and so one engine, with its pool of sandboxes.
 *
 * <p>Every request passes {@link HttpAccessFilter} first (Host and Origin checks against DNS
 * rebinding, and the bearer token when one is set), then {@link HttpCallFilter} (cancellation).
 *
 * <p>Lean sessions belong to their client ({@link SessionOwner}): by default to the MCP session that
 * opened them, which alone can list, use or close them, and whose end (DELETE) closes them; with
 * {@link SessionOwner#TOKEN} to the bearer token, shared by every MCP session that presents it.
 */
final class HttpMcpServer implements AutoCloseable {

    static final String PATH = "/mcp";

    /** Whom a Lean session opened over HTTP belongs to. */
    enum SessionOwner {
        /** The MCP session that opened it (the default). */
        MCP_SESSION,
        /** The bearer token the request carried: every MCP session with that token shares it. */
        TOKEN
    }

    /** The transport context key of the bearer token's fingerprint. */
    private static final String TOKEN_FINGERPRINT = "io.leansandbox/token";

    private static final Logger log = LoggerFactory.getLogger(HttpMcpServer.class);
    /** How long a stop waits for requests in flight to be answered. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final Server jetty;
    private final McpSyncServer mcp;
    private final URI endpoint;
    private final CallTracker tracker;

    private HttpMcpServer(Server jetty, McpSyncServer mcp, URI endpoint, CallTracker tracker) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.endpoint = endpoint;
        this.tracker = tracker;
    }

    /**
     * Starts listening on {@code address}. {@code checkHost}: apply the Host rule of
     * {@link HttpAccessFilter} (for a loopback address); {@code token}: the bearer token, or null.
     */
    static HttpMcpServer start(HttpAddress address, boolean checkHost, String token, CodeRunner runner) throws Exception {
        return start(address, checkHost, token, runner, SessionOwner.MCP_SESSION);
    }

    /** As {@link #start(HttpAddress, boolean, String, CodeRunner)}, the Lean sessions belonging to {@code owners}. */
    static HttpMcpServer start(HttpAddress address, boolean checkHost, String token, CodeRunner runner, SessionOwner owners)
            throws Exception {
        if (owners == SessionOwner.TOKEN && token == null) {
            throw new IllegalArgumentException("sessions can belong to the bearer token only when there is one: give --token-file FILE "
                    + "or set " + BearerToken.ENV);
        }
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(PATH)
                .contextExtractor(request -> {
                    String authorization = request.getHeader("Authorization");
                    return authorization == null ? McpTransportContext.EMPTY
                            : McpTransportContext.create(Map.of(TOKEN_FINGERPRINT, fingerprint(authorization)));
                })
                .build();
        CallTracker tracker = new CallTracker();
        Function<McpSyncServerExchange, String> owner = exchange -> owner(exchange, owners);
        McpSyncServer mcp = LeanMcpServer.build(McpServer.sync(transport), runner, tracker, owner);
        LeanEngine engine = LeanEngine.of(runner);

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
        FilterHolder calls = new FilterHolder(new HttpCallFilter(tracker, sessionId -> {
            if (owners == SessionOwner.MCP_SESSION) {
                closeSessionsOf(engine, sessionOwner(sessionId));
            }
        }));
        calls.setAsyncSupported(true);
        context.addFilter(calls, "/*", EnumSet.of(DispatcherType.REQUEST));
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
            tracker.close();
            throw new IllegalArgumentException("--http: cannot listen on " + address.urlHost() + ":" + address.port() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        URI endpoint = URI.create("http://" + address.urlHost() + ":" + connector.getLocalPort() + PATH);
        return new HttpMcpServer(jetty, mcp, endpoint, tracker);
    }

    /** Whose sessions a call may use: its MCP session's, or its bearer token's. */
    private static String owner(McpSyncServerExchange exchange, SessionOwner owners) {
        if (exchange == null) {
            return null;
        }
        if (owners == SessionOwner.TOKEN && exchange.transportContext() != null
                && exchange.transportContext().get(TOKEN_FINGERPRINT) instanceof String fingerprint) {
            return "token:" + fingerprint;
        }
        return sessionOwner(exchange.sessionId());
    }

    private static String sessionOwner(String mcpSessionId) {
        return "mcp-session:" + mcpSessionId;
    }

    /** Closes the Lean sessions of an MCP session that has ended: nobody else can reach them. */
    private static void closeSessionsOf(LeanEngine engine, String owner) {
        try {
            LeanEngine view = engine.forCall(new CallContext(owner, null, null, null));
            for (var session : view.sessions()) {
                try {
                    view.closeSession(session.id());
                } catch (RuntimeException e) {
                    // closed meanwhile
                }
            }
        } catch (RuntimeException e) {
            log.debug("could not close the sessions of {}: {}", owner, e.toString());
        }
    }

    /** A stand-in for the token in memory: its SHA-256, hex. */
    private static String fingerprint(String authorization) {
        try {
            String value = authorization.strip();
            String token = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : value;
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        tracker.close();
    }
}
