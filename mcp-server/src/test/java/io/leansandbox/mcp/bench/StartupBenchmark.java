package io.leansandbox.mcp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long a client waits for the answer to {@code initialize} from a cold JVM: {@code serve} started
 * as an MCP client starts it (settings in the environment, no options), timed from the process start
 * until the first line on its stdout, 10 times each without and with the start-up class archive the
 * build makes ({@code target/lean-sandbox.jsa}, the JVM options {@code bin/lean-sandbox} passes).
 * Prints p50 and p90 of each and writes them as JSON to the file given as the first argument.
 *
 * <pre>
 * mvn -q -o -pl mcp-server package -DskipTests &amp;&amp; mvn -q -o -pl mcp-server test-compile
 * java -cp mcp-server/target/test-classes io.leansandbox.mcp.bench.StartupBenchmark target/startup.json
 * </pre>
 *
 * System properties: {@code lean.sandbox.jar} (default {@code mcp-server/target/lean-sandbox.jar}),
 * {@code lean.sandbox.archive} (default: {@code lean-sandbox.jsa} beside the jar), {@code runs} (10),
 * {@code lean.test.image} (the image in {@code LEAN_DOCKER_MCP_IMAGE}; default the stand-in), {@code pause.ms}
 * (1500). Each server is ended (stdin closed) and waited for, then the daemon is given {@code pause.ms}
 * to remove its containers, before the next starts, so that runs do not overlap. The two modes alternate.
 */
public final class StartupBenchmark {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"startup-benchmark\",\"version\":\"1\"}}}\n";

    private static final long PAUSE_MILLIS = Long.getLong("pause.ms", 1500);

    private StartupBenchmark() {
    }

    /** One way of starting the server, and its measured times. */
    record Mode(String name, List<String> jvmOptions, List<Double> millis) {
        double percentile(int p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.size()); // nearest rank
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartupBenchmark OUT.json");
            System.exit(2);
        }
        Path jar = Path.of(System.getProperty("lean.sandbox.jar", "mcp-server/target/lean-sandbox.jar")).toAbsolutePath().normalize();
        Path archive = Path.of(System.getProperty("lean.sandbox.archive", jar.resolveSibling("lean-sandbox.jsa").toString()))
                .toAbsolutePath().normalize();
        int runs = Integer.getInteger("runs", 10);
        String image = System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + " (mvn -pl mcp-server package)");
        }
        List<String> quiet = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");
        List<Mode> modes = new ArrayList<>();
        modes.add(new Mode("without_archive", quiet, new ArrayList<>()));
        if (Files.isRegularFile(archive)) {
            List<String> withArchive = new ArrayList<>(quiet);
            withArchive.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
            modes.add(new Mode("with_archive", withArchive, new ArrayList<>()));
        } else {
            System.err.println("no archive at " + archive + ": measuring without it only");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path home = Files.createTempDirectory("lean-sandbox-startup-bench");
        try {
            // Alternate the modes, so that a busy moment of the machine does not fall on one of them only.
            for (int i = 0; i < runs; i++) {
                for (Mode mode : modes) {
                    mode.millis().add(once(java, mode.jvmOptions(), jar, image, home));
                }
            }
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"what\": \"cold JVM start of serve (no options, settings in the environment) to the answer to initialize, ms\",\n");
        json.append("  \"jar\": \"").append(jar).append("\",\n");
        json.append("  \"java\": \"").append(System.getProperty("java.vm.version")).append("\",\n");
        json.append("  \"cores\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        json.append("  \"runs\": ").append(runs).append(",\n");
        for (int m = 0; m < modes.size(); m++) {
            Mode mode = modes.get(m);
            System.out.printf(Locale.ROOT, "%-16s p50 %4.0f ms  p90 %4.0f ms  (%d runs: %s)%n", mode.name(), mode.percentile(50),
                    mode.percentile(90), runs, mode.millis().stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
            json.append("  \"").append(mode.name()).append("\": {\"p50_ms\": ").append(round(mode.percentile(50)))
                    .append(", \"p90_ms\": ").append(round(mode.percentile(90))).append(", \"jvm_options\": \"")
                    .append(String.join(" ", mode.jvmOptions())).append("\", \"runs_ms\": ")
                    .append(mode.millis().stream().map(StartupBenchmark::round).toList()).append('}')
                    .append(m + 1 < modes.size() ? ",\n" : "\n");
        }
        json.append("}\n");
        Path out = Path.of(args[0]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, json.toString());
        System.out.println("wrote " + out);
    }

    private static String round(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    /** Starts the server, sends initialize, returns the ms until the first line of its answer; then ends it. */
    private static double once(Path java, List<String> jvmOptions, Path jar, String image, Path home) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-Duser.home=" + home);
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("LEAN_DOCKER_MCP_"));
        builder.environment().put("LEAN_DOCKER_MCP_IMAGE", image);
        builder.environment().put("LEAN_DOCKER_MCP_POOL_SIZE", "1");
        long start = System.nanoTime();
        Process server = builder.start();
        try (OutputStream in = server.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line = out.readLine();
            double millis = (System.nanoTime() - start) / 1e6;
            if (line == null || !line.contains("\"serverInfo\"")) {
                throw new IllegalStateException("no answer to initialize: " + line);
            }
            in.close();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            Thread.sleep(PAUSE_MILLIS); // let the daemon finish removing the server's containers
            return millis;
        } finally {
            if (server.isAlive()) {
                server.destroyForcibly();
            }
        }
    }
}
