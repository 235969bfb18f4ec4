package io.leansandbox.mcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures {@code apply-tactics} through the real server: the shaded jar's {@code serve} over stdio,
 * JSON-RPC as a client sends it. A session holds proof state 0 of transcript proof_step
 * ({@code def f : Nat := by sorry}, replayed by the stand-in image); each round tries K tactics that
 * each sleep MS milliseconds (the stand-in's {@code sleep} directive: the tactics' work is simulated,
 * the pickling, carrying, unpickling and parallel running are real), then the same K tactics with
 * {@code apply-tactic}, one after another, for comparison. Printed: the wall time of each
 * apply-tactics call against the slowest of its attempts and their sum; written: the figures as
 * JSON to the file given.
 *
 * <pre>
 * mvn -q -pl mcp-server package -DskipTests
 * java -cp "$(cat cp.txt):mcp-server/target/test-classes" io.leansandbox.mcp.bench.ApplyTacticsBenchmark OUT.json \
 *     [--jar mcp-server/target/lean-sandbox.jar] [--image lean-sandbox/standin:latest] [--tactics 4] [--sleep 1500] [--rounds 5]
 * </pre>
 */
public final class ApplyTacticsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Process server;
    private final OutputStream in;
    private final BufferedReader out;
    private int nextId = 1;

    private ApplyTacticsBenchmark(Process server) {
        this.server = server;
        this.in = server.getOutputStream();
        this.out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ApplyTacticsBenchmark OUT.json [--jar JAR] [--image IMAGE] [--tactics K] [--sleep MS] [--rounds N]");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        String jar = option(args, "--jar", "mcp-server/target/lean-sandbox.jar");
        String image = option(args, "--image", "lean-sandbox/standin:latest");
        int tactics = Integer.parseInt(option(args, "--tactics", "4"));
        int sleep = Integer.parseInt(option(args, "--sleep", "1500"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5"));

        Path log = Files.createTempFile("apply-tactics-benchmark", ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "serve",
                "--image", image, "--pool-size", String.valueOf(tactics), "--timeout", String.valueOf(Math.max(30, 2 * sleep / 1000)))
                .redirectError(log.toFile()).start();
        ApplyTacticsBenchmark client = new ApplyTacticsBenchmark(process);
        try {
            Map<String, Object> report = client.run(tactics, sleep, rounds);
            report.put("image", image);
            Files.writeString(output, JSON.writeValueAsString(report) + "\n");
            System.out.println("written: " + output.toAbsolutePath());
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    private Map<String, Object> run(int k, int sleep, int rounds) throws IOException {
        request("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "apply-tactics-benchmark", "version", "1")));
        notifyServer("notifications/initialized");
        JsonNode started = call("start-proof", Map.of("code", "def f : Nat := by sorry"));
        String session = started.at("/structuredContent/session_id").asText();
        if (started.at("/structuredContent/proof_states/0/proof_state").asInt(-1) != 0) {
            throw new IllegalStateException("no proof state 0 (is the image the stand-in with its transcripts?): " + started);
        }
        List<String> tactics = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            tactics.add("--! standin: sleep " + sleep + "\n--! standin: say info attempt " + (i + 1) + "\nskip");
        }
        call("apply-tactics", Map.of("session_id", session, "proof_state", 0, "tactics", tactics)); // warm-up

        List<Map<String, Object>> samples = new ArrayList<>();
        System.out.printf(Locale.ROOT, "apply-tactics, %d tactics of %d ms each, %d rounds%n", k, sleep, rounds);
        System.out.printf(Locale.ROOT, "%6s %10s %12s %10s %14s %6s%n", "round", "wall ms", "slowest ms", "sum ms", "sequential ms", "REPLs");
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            JsonNode tried = call("apply-tactics", Map.of("session_id", session, "proof_state", 0, "tactics", tactics));
            long wall = (System.nanoTime() - t0) / 1_000_000;
            long slowest = 0;
            long sum = 0;
            for (JsonNode attempt : tried.at("/structuredContent/attempts")) {
                long ms = attempt.path("elapsed_ms").asLong();
                slowest = Math.max(slowest, ms);
                sum += ms;
            }
            long s0 = System.nanoTime();
            for (String tactic : tactics) {
                call("apply-tactic", Map.of("session_id", session, "proof_state", 0, "tactic", tactic));
            }
            long sequential = (System.nanoTime() - s0) / 1_000_000;
            int repls = tried.at("/structuredContent/repls").asInt();
            System.out.printf(Locale.ROOT, "%6d %10d %12d %10d %14d %6d%n", round, wall, slowest, sum, sequential, repls);
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("round", round);
            sample.put("wall_ms", wall);
            sample.put("slowest_attempt_ms", slowest);
            sample.put("sum_of_attempts_ms", sum);
            sample.put("sequential_apply_tactic_ms", sequential);
            sample.put("repls", repls);
            samples.add(sample);
        }
        call("cleanup-session", Map.of("session_id", session));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "apply-tactics");
        report.put("description", "wall time of one apply-tactics call of K tactics that each sleep MS ms (stand-in directive), "
                + "through the server over stdio, against the slowest and the sum of its attempts, and against K apply-tactic calls "
                + "one after another");
        report.put("tactics", k);
        report.put("sleep_ms", sleep);
        report.put("rounds", rounds);
        report.put("median_wall_ms", median(samples, "wall_ms"));
        report.put("median_slowest_attempt_ms", median(samples, "slowest_attempt_ms"));
        report.put("median_sum_of_attempts_ms", median(samples, "sum_of_attempts_ms"));
        report.put("median_sequential_apply_tactic_ms", median(samples, "sequential_apply_tactic_ms"));
        report.put("samples", samples);
        System.out.printf(Locale.ROOT, "median: wall %d ms, slowest attempt %d ms, sum of attempts %d ms, sequential %d ms%n",
                report.get("median_wall_ms"), report.get("median_slowest_attempt_ms"), report.get("median_sum_of_attempts_ms"),
                report.get("median_sequential_apply_tactic_ms"));
        return report;
    }

    private static long median(List<Map<String, Object>> samples, String key) {
        List<Long> values = samples.stream().map(s -> ((Number) s.get(key)).longValue()).sorted().toList();
        return values.get(values.size() / 2);
    }

    private JsonNode call(String tool, Map<String, Object> arguments) throws IOException {
        JsonNode result = request("tools/call", Map.of("name", tool, "arguments", arguments)).path("result");
        if (result.path("isError").asBoolean()) {
            throw new IllegalStateException(tool + " failed: " + result.at("/content/0/text").asText());
        }
        return result;
    }

    private JsonNode request(String method, Map<String, Object> params) throws IOException {
        int id = nextId++;
        send(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        while (true) {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the server ended (exit " + (server.isAlive() ? "?" : server.exitValue()) + ")");
            }
            JsonNode message = JSON.readTree(line);
            if (message.path("id").asInt(-1) == id) {
                if (message.has("error")) {
                    throw new IllegalStateException(method + ": " + message.get("error"));
                }
                return message;
            }
        }
    }

    private void notifyServer(String method) throws IOException {
        send(Map.of("jsonrpc", "2.0", "method", method));
    }

    private void send(Map<String, Object> message) throws IOException {
        in.write((new ObjectMapper().writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
