package io.leansandbox.mcp;

import io.leansandbox.engine.SandboxUnavailableException;
import io.leansandbox.engine.config.SettingsLoader;
import io.leansandbox.engine.sandbox.docker.ImageBuilder;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code cds-training} (hidden): the training run of the start-up class archive. The build runs it
 * once, as {@code java -XX:ArchiveClassesAtExit=lean-sandbox.jsa -jar lean-sandbox.jar cds-training},
 * and {@code bin/lean-sandbox} starts the JVM with that archive, so the classes {@code serve} loads
 * before it answers {@code initialize} come parsed and verified from it. The run walks that path
 * without Docker: the settings (YAML included), the stdio MCP server on pipes answering
 * {@code initialize}, {@code tools/list} and a {@code tools/call}, and the Docker client's classes
 * against a socket that does not exist.
 */
@Command(name = "cds-training", hidden = true, description = "The training run of the start-up class archive (used by the build).")
final class CdsTrainingCommand implements java.util.concurrent.Callable<Integer> {

    private static final long ANSWER_SECONDS = 20;

    @Override
    public Integer call() throws Exception {
        Path yaml = Files.createTempFile("lean-sandbox-cds-training", ".yaml");
        try {
            Files.writeString(yaml, "docker:\n  pool_size: 1\nlean:\n  allowed_imports: [Lean, Init]\n");
            SettingsLoader.load(Map.of(SettingsLoader.CONFIG_VARIABLE, yaml.toString()), yaml);
        } finally {
            Files.deleteIfExists(yaml);
        }
        try {
            SettingsLoader.load(); // the builder's own settings: their classes, whatever they say
        } catch (RuntimeException e) {
            // a bad setting on the build machine is no reason to fail the build
        }

        BackgroundEngine engine = BackgroundEngine.start(progress -> {
            throw new SandboxUnavailableException("training run: no engine");
        }, StartProgress.silent(), Duration.ofSeconds(5), null, Duration.ZERO);
        Pipe requests = Pipe.open();
        Pipe responses = Pipe.open();
        FirstLineSignal out = new FirstLineSignal(Channels.newOutputStream(responses.sink()));
        Thread server = new Thread(() -> {
            try {
                LeanMcpServer.serveUntilSessionEnds(Channels.newInputStream(requests.source()), out, engine);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cds-training-server");
        server.setDaemon(true);
        server.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(responses.source()), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the server closed its end
            }
        }, "cds-training-reader");
        reader.setDaemon(true);
        reader.start();

        OutputStream in = Channels.newOutputStream(requests.sink());
        boolean answered = exchange(in, lines, List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\",\"version\":\"1\"}}}"))
                && exchange(in, lines, List.of("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"))
                && exchange(in, lines, List.of("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"status\",\"arguments\":{}}}"));
        in.close();
        server.join(TimeUnit.SECONDS.toMillis(ANSWER_SECONDS));
        engine.close();

        try (ImageBuilder docker = ImageBuilder.connect("unix:///nonexistent/lean-sandbox-cds-training.sock")) {
            docker.ping();
        } catch (RuntimeException expected) {
            // no daemon there: the classes of the way to one are loaded
        }
        System.err.println("lean-sandbox cds-training: " + (answered ? "done" : "the server did not answer every request"));
        return ExitCodes.OK;
    }

    /** Sends {@code messages}, then waits for one line in answer. */
    private static boolean exchange(OutputStream in, BlockingQueue<String> lines, List<String> messages) throws Exception {
        for (String message : messages) {
            in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        }
        in.flush();
        return lines.poll(ANSWER_SECONDS, TimeUnit.SECONDS) != null;
    }
}
