package io.leansandbox.mcp;

import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code serve}: an MCP server on stdin/stdout, until the client ends the session. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve MCP over stdin/stdout (the default command). Logs go to stderr.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final Duration ENGINE_START_WAIT = Duration.ofSeconds(60);

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = engineOptions.settings(null);
        PrintStream protocol = System.out;
        // Only protocol messages may reach stdout: a stray println anywhere would corrupt the stream.
        System.setOut(System.err);
        // The engine starts in the background so that `initialize` is answered at once; tool calls wait for it.
        try (BackgroundEngine engine = BackgroundEngine.start(() -> LeanSandbox.start(settings), ENGINE_START_WAIT)) {
            log.info("serving MCP on stdio ({} backend, image {}, pool of {})",
                    settings.backend(), settings.image(), settings.pool().size());
            LeanMcpServer.serveUntilSessionEnds(System.in, protocol, engine);
            log.info("the MCP session ended; shutting down");
        }
        return ExitCodes.OK;
    }
}
