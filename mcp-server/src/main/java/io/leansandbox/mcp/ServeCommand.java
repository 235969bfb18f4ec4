package io.leansandbox.mcp;

import io.leansandbox.engine.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code serve}: an MCP server on stdin/stdout until the client ends the session, or on streamable
 * HTTP ({@code --http}) until the process is stopped. Either way, SIGTERM (or SIGINT) closes the
 * engine before the process exits, so that no container outlives it; calls in flight then end with
 * an "unavailable" error.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve MCP over stdin/stdout (the default command), or over streamable HTTP with --http. Logs go to stderr.",
                "With --http the server listens on loopback only, unless --allow-remote is given (which also needs a token); "
                        + "it refuses requests whose Host or Origin is not a loopback name (DNS rebinding)."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final Duration ENGINE_START_WAIT = Duration.ofSeconds(60);
    /** On stdio the engine starts after the first answer (to initialize), or after this long without one. */
    private static final Duration FIRST_LINE_WAIT = Duration.ofSeconds(2);

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--http", paramLabel = "[HOST:]PORT",
            description = "Serve MCP over streamable HTTP at http://HOST:PORT/mcp instead of stdio. HOST defaults to "
                    + "127.0.0.1; PORT 0 picks a free port. The URL is logged on stderr.")
    String http;

    @Option(names = "--allow-remote",
            description = "With --http: allow a HOST that is not a loopback address (e.g. 0.0.0.0). Requires a token.")
    boolean allowRemote;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "With --http: require 'Authorization: Bearer TOKEN' on every request, TOKEN being this file's "
                    + "content (default: the variable " + BearerToken.ENV + ", when set).")
    Path tokenFile;

    @Option(names = "--session-owner", paramLabel = "mcp-session|token", defaultValue = "mcp-session",
            description = "With --http: whom Lean sessions belong to. mcp-session (the default): the MCP session that opened "
                    + "them, which alone can list, use and close them. token: the bearer token, so every MCP session that "
                    + "presents it shares them (for one client that connects several times; needs a token).")
    String sessionOwner;

    @Override
    public Integer call() throws Exception {
        if (http == null) {
            if (tokenFile != null || allowRemote || !"mcp-session".equals(sessionOwner)) {
                throw new IllegalArgumentException("--token-file, --allow-remote and --session-owner apply only with --http");
            }
            return serveStdio(engineOptions.settings(null));
        }
        HttpAddress address = HttpAddress.parse(http);
        String token = BearerToken.load(tokenFile, System.getenv()).orElse(null);
        boolean loopback = address.isLoopback();
        if (!loopback && !allowRemote) {
            throw new IllegalArgumentException("--http " + http + ": " + address.host() + " is not a loopback address; "
                    + "anyone who can reach it could run code. Add --allow-remote (and a token) to serve it anyway");
        }
        if (!loopback && token == null) {
            throw new IllegalArgumentException("--http " + http + " with --allow-remote needs a token: give --token-file FILE "
                    + "or set " + BearerToken.ENV);
        }
        HttpMcpServer.SessionOwner owners = switch (sessionOwner) {
            case "mcp-session" -> HttpMcpServer.SessionOwner.MCP_SESSION;
            case "token" -> HttpMcpServer.SessionOwner.TOKEN;
            default -> throw new IllegalArgumentException("--session-owner " + sessionOwner + ": use mcp-session or token");
        };
        if (owners == HttpMcpServer.SessionOwner.TOKEN && token == null) {
            throw new IllegalArgumentException("--session-owner token needs a token: give --token-file FILE or set " + BearerToken.ENV);
        }
        return serveHttp(engineOptions.settings(null), address, loopback, token, owners);
    }

    /** What {@link #call} does when no option is given (stdio, the configured settings); the CLI calls it without picocli. */
    static Integer serveStdioWithDefaults() throws InterruptedException {
        return serveStdio(new EngineOptions().settings(null));
    }

    private static Integer serveStdio(Settings settings) throws InterruptedException {
        PrintStream protocol = System.out;
        // Only protocol messages may reach stdout: a stray println anywhere would corrupt the stream.
        System.setOut(System.err);
        // The engine starts in the background once `initialize` is answered (its start would slow the handshake
        // down); tool calls wait for it, or, while its image is being built, are told how far the build is.
        FirstLineSignal out = new FirstLineSignal(protocol);
        try (BackgroundEngine engine = BackgroundEngine.start(progress -> EngineStart.start(settings, progress),
                StartProgress.logged(), ENGINE_START_WAIT, out.firstLine(), FIRST_LINE_WAIT);
             ShutdownHook onSignal = ShutdownHook.install("lean-sandbox-serve-shutdown", () -> {
                 // Runs once: when the session ends, or on SIGTERM/SIGINT, whichever comes first (see ShutdownHook).
                 log.info("shutting down: closing the engine");
                 engine.close();
             })) {
            EngineStart.exitWhenItFails(engine);
            log.info("serving MCP on stdio ({} backend, image {}, pool of {})",
                    settings.backend(), settings.image(), settings.pool().size());
            LeanMcpServer.serveUntilSessionEnds(System.in, out, engine);
            log.info("the MCP session ended; shutting down");
        }
        return ExitCodes.OK;
    }

    private static Integer serveHttp(Settings settings, HttpAddress address, boolean checkHost, String token,
                                     HttpMcpServer.SessionOwner owners) throws Exception {
        try (BackgroundEngine engine = BackgroundEngine.start(progress -> EngineStart.start(settings, progress),
                StartProgress.logged(), ENGINE_START_WAIT, null, Duration.ZERO);
             HttpMcpServer server = HttpMcpServer.start(address, checkHost, token, engine, owners);
             ShutdownHook onSignal = ShutdownHook.install("lean-sandbox-serve-shutdown", () -> {
                 // Runs once, on SIGTERM/SIGINT (or if the server stops otherwise); see ShutdownHook.
                 log.info("shutting down: closing the engine, then the HTTP server");
                 // Closing the engine first ends the runs in flight, so their answers go out before the server stops.
                 engine.close();
                 server.close();
             })) {
            EngineStart.exitWhenItFails(engine);
            log.info("serving MCP at {} ({} backend, image {}, pool of {}, {})", server.endpoint(),
                    settings.backend(), settings.image(), settings.pool().size(),
                    token == null ? "no token" : "bearer token required");
            server.join();
        }
        return ExitCodes.OK;
    }
}
