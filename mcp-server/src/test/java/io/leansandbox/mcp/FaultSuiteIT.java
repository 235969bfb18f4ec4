package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.ReliabilityRows;
import io.leansandbox.engine.testing.SecondDaemon;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load and fault part of the reliability suite, against the real server jar ({@code serve --http}
 * with a bearer token, as a subprocess) on the stand-in image: 64 MCP clients at once; the server
 * SIGKILLed under load and restarted; the (second) Docker daemon restarted under load; a pooled
 * container and a session's container killed from outside. Each check is a row of docs/RELIABILITY.md
 * (suites {@code load} and {@code faults}); a check's row is written whether it held or not, and the
 * test then fails on every check that did not hold.
 *
 * <p>No verdict of Lean's is asserted: calls use the stand-in's fault directives ({@code sleep},
 * {@code say}, {@code touch}), whose answers are the stand-in's own; the start-proof session begins
 * with the first command of the recorded transcript {@code proof_step}, which hands out proof state 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    /** To look at the SDK client's results as the raw client sees them. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL_SIZE = "LEAN_DOCKER_MCP_POOL_SIZE";
    private static final String MAX_SANDBOXES = "LEAN_DOCKER_MCP_MAX_SANDBOXES";
    /** The engine's default agent grace: how long past a run's timeout it waits for the sandbox's own answer. */
    private static final Duration AGENT_GRACE = Duration.ofSeconds(5);
    private static final Path SCRIPTS = Path.of(System.getProperty("lean.docker.dir", "../docker")).resolveSibling("scripts");

    /** Each server's home and stderr (kept after the run, for a failure's diagnosis). */
    private static final Path dir = ServerProcess.JAR.toAbsolutePath().resolveSibling("fault-suite");

    private static ReliabilityRows loadRows;
    private static ReliabilityRows faultRows;
    private static SecondDaemon docker2;

    /** The checks of the running test that did not hold; it fails on them at its end. */
    private final List<String> failed = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        loadRows = ReliabilityRows.forSuite("load");
        faultRows = ReliabilityRows.forSuite("faults");
        docker2 = SecondDaemon.required();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            ensureSecondDaemonRuns();
        } finally {
            loadRows.close();
            faultRows.close();
        }
    }

    // --- 1. load ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void sixtyFourClientsOverHttp() throws Exception {
        int clients = 64;
        int callsEach = 50;
        int total = clients * callsEach;
        long[] latencies = new long[total];
        AtomicInteger correct = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        long heapBefore;
        long heapAfter;
        long rssBefore;
        long rssAfter;
        long elapsed;
        int leaked;
        int exit;
        try (HttpServe server = HttpServe.start(dir, "load", null, Map.of(POOL_SIZE, "8", MAX_SANDBOXES, "8"), "--timeout", "30")) {
            server.awaitIdle(8, Duration.ofSeconds(90));
            log("load: server %d has 8 idle sandboxes", server.pid());
            McpSyncClient warmUp = sdkClient(server);
            for (int n = 0; n < 16; n++) {
                CallToolResult result = warmUp.callTool(new CallToolRequest("execute-lean", Map.of("code", CallLoop.code("warm", 0, n, 20))));
                assertThat(correct(result, "warm", 0, n)).as("warm-up call %d: %s", n, result).isTrue();
            }
            warmUp.closeGracefully();
            heapBefore = server.liveHeapKib();
            rssBefore = server.rssKib();
            server.histogram(dir.resolve("load").resolve("histogram-before.txt"));

            ExecutorService threads = Executors.newFixedThreadPool(clients);
            try {
                List<McpSyncClient> sdk = new ArrayList<>();
                for (Future<McpSyncClient> f : threads.invokeAll(IntStream.range(0, clients)
                        .<Callable<McpSyncClient>>mapToObj(c -> () -> sdkClient(server)).toList())) {
                    sdk.add(f.get());
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    running.add(threads.submit(() -> {
                        go.await();
                        for (int n = 0; n < callsEach; n++) {
                            long start = System.nanoTime();
                            try {
                                CallToolResult result = sdk.get(client).callTool(new CallToolRequest("execute-lean",
                                        Map.of("code", CallLoop.code("load", client, n, 20))));
                                latencies[client * callsEach + n] = System.nanoTime() - start;
                                if (correct(result, "load", client, n)) {
                                    correct.incrementAndGet();
                                } else {
                                    wrong.incrementAndGet();
                                    problems.add("c" + client + " n" + n + ": " + text(result));
                                }
                            } catch (RuntimeException e) {
                                latencies[client * callsEach + n] = System.nanoTime() - start;
                                (timedOut(e) ? lost : errors).incrementAndGet();
                                problems.add("c" + client + " n" + n + ": " + e);
                            }
                        }
                        return null;
                    }));
                }
                long started = System.nanoTime();
                log("load: %d clients initialized; go", clients);
                go.countDown();
                for (Future<?> f : running) {
                    f.get(Math.max(1, TimeUnit.SECONDS.toNanos(300) - (System.nanoTime() - started)), TimeUnit.NANOSECONDS);
                }
                elapsed = System.nanoTime() - started;
                log("load: %d calls ended in %d ms", total, millis(elapsed));
                sdk.forEach(McpSyncClient::closeGracefully);
            } finally {
                threads.shutdownNow();
            }
            heapAfter = server.liveHeapKib();
            rssAfter = server.rssKib();
            server.histogram(dir.resolve("load").resolve("histogram-after.txt"));
            exit = server.stop();
            leaked = server.awaitNoContainers(Duration.ofSeconds(5));
        }

        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long p50 = millis(sorted[sorted.length / 2]);
        long p95 = millis(sorted[(int) Math.ceil(sorted.length * 0.95) - 1]);
        double perSecond = total / (elapsed / 1e9);
        boolean allCorrect = correct.get() == total;
        check(loadRows.add("load", "64 MCP clients at once over streamable HTTP (the SDK's client, a bearer token), 50 execute-lean "
                        + "calls each, a pool of 8 sandboxes (max_sandboxes 8)",
                String.format(Locale.ROOT, "%d of %d answered correctly, %d wrong, %d errors, %d lost, in %.1f s: %.1f calls/s, "
                        + "p50 %d ms, p95 %d ms", correct.get(), total, wrong.get(), errors.get(), lost.get(), elapsed / 1e9, perSecond, p50, p95)
                        + (problems.isEmpty() ? "" : "; first problem: " + problems.peek()),
                allCorrect, (long) correct.get()));
        long growth = heapAfter - heapBefore;
        check(loadRows.add("load", "the server's heap before and after the 3200 calls (live heap after a full GC, jcmd GC.heap_info; "
                        + "VmRSS from /proc)",
                String.format(Locale.ROOT, "heap %.1f MiB before, %.1f MiB after (%+.1f MiB); VmRSS %.0f MiB before, %.0f MiB after",
                        heapBefore / 1024.0, heapAfter / 1024.0, growth / 1024.0, rssBefore / 1024.0, rssAfter / 1024.0),
                growth < 32 * 1024, null));
        check(loadRows.add("leaks", "containers leaked (load)", leaked + " container(s) of the server left after it exited (exit code "
                + exit + " after SIGTERM)", leaked == 0, (long) leaked));
        check(loadRows.add("leaks", "results lost (load)", lost.get() + " of " + total + " calls got no answer within the client's 60 s",
                lost.get() == 0, (long) lost.get()));
        assertHeld();
    }

    private static McpSyncClient sdkClient(HttpServe server) {
        URI endpoint = server.endpoint();
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://" + endpoint.getHost() + ":" + endpoint.getPort())
                        .endpoint(endpoint.getPath())
                        .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + server.token()))
                        .build())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
        return client;
    }

    private static boolean correct(CallToolResult result, String tag, int client, int n) {
        return CallLoop.correct(JSON.valueToTree(Map.of(
                "isError", Boolean.TRUE.equals(result.isError()),
                "structuredContent", result.structuredContent() == null ? Map.of() : result.structuredContent())), tag, client, n, 20);
    }

    private static String text(CallToolResult result) {
        return result.content() != null && !result.content().isEmpty() && result.content().get(0) instanceof TextContent t
                ? t.text().replace('\n', ' ') : String.valueOf(result);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TimeoutException || String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
                return true;
            }
        }
        return false;
    }

    // --- 2. the server SIGKILLed under load, then restarted ----------------------------------------------

    @Test
    @Order(2)
    void serverSigkilledUnderLoadThenRestarted() throws Exception {
        int clients = 16;
        Duration wait = Duration.ofSeconds(30);
        List<CallLoop.Call> calls;
        long reapMillis;
        int left;
        int exit;
        try (HttpServe server = HttpServe.start(dir, "sigkill", null, Map.of(POOL_SIZE, "4", MAX_SANDBOXES, "4"), "--timeout", "20")) {
            server.awaitIdle(4, Duration.ofSeconds(60));
            log("sigkill: server %d ready", server.pid());
            CallLoop loop = CallLoop.start(server, clients, "sigkill", 200, wait, true);
            try {
                assertThat(loop.await(c -> c.correct(), 48, Duration.ofSeconds(60))).as("48 answers before the kill: %s", loop.calls()).isTrue();
                assertThat(server.containers()).as("the server's sandboxes and reaper").hasSizeGreaterThan(1);
                long killed = System.nanoTime();
                server.process().destroyForcibly();
                assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
                exit = server.process().exitValue();
                left = server.awaitNoContainers(Duration.ofSeconds(10));
                reapMillis = millis(System.nanoTime() - killed);
                log("sigkill: %d containers left %d ms after the kill", left, reapMillis);
                assertThat(loop.awaitEnd(wait.plusSeconds(10))).as("every client saw the server go").isTrue();
            } finally {
                loop.close();
            }
            calls = loop.calls();
        }
        long answered = calls.stream().filter(c -> c.reply().answered()).count();
        long wrong = calls.stream().filter(c -> c.reply().answered() && !c.correct()).count();
        long cut = calls.stream().filter(c -> c.reply().broken()).count();
        long hung = calls.stream().filter(c -> c.reply().timedOut()).count();
        check(faultRows.add("fault", "the server SIGKILLed (Process.destroyForcibly) while 16 clients call execute-lean; its reaper "
                        + "must remove its containers within 10 s",
                String.format(Locale.ROOT, "exit code %d; %d containers left %d ms after the kill; %d calls answered correctly before it, "
                        + "%d wrong; %d in flight saw the connection close, %d hung", exit, left, reapMillis, answered - wrong, wrong, cut, hung),
                left == 0 && reapMillis <= 10_000 && wrong == 0 && hung == 0 && cut > 0, null));
        check(faultRows.add("leaks", "containers leaked (server SIGKILLed)", left + " container(s) of the killed server left 10 s after the kill",
                left == 0, (long) left));
        check(faultRows.add("leaks", "results lost (server SIGKILLed)", hung + " call(s) neither answered nor failed within " + wait.toSeconds()
                + " s (the " + cut + " in flight at the kill got a closed connection: a killed process answers nothing)", hung == 0, hung));

        // A new server on the same daemon answers as before.
        List<CallLoop.Call> after;
        int restartedLeft;
        try (HttpServe restarted = HttpServe.start(dir, "sigkill-restarted", null, Map.of(POOL_SIZE, "4", MAX_SANDBOXES, "4"), "--timeout", "20")) {
            CallLoop loop = CallLoop.start(restarted, 8, "restarted", 20, wait, true);
            try {
                loop.await(c -> true, 40, Duration.ofSeconds(90));
            } finally {
                loop.close();
            }
            after = loop.calls();
            restarted.stop();
            restartedLeft = restarted.awaitNoContainers(Duration.ofSeconds(5));
        }
        long good = after.stream().filter(CallLoop.Call::correct).count();
        check(faultRows.add("fault", "a server restarted after the SIGKILL answers calls (8 clients)",
                good + " of " + after.size() + " calls answered correctly" + firstBad(after), good == after.size() && good >= 40, null));
        check(faultRows.add("leaks", "containers leaked (server restarted after a SIGKILL)", restartedLeft + " container(s) left after it exited",
                restartedLeft == 0, (long) restartedLeft));
        assertHeld();
    }

    // --- 3. dockerd restarted under load ---------------------------------------------------------------

    /** A message that names what failed: the Docker daemon, or the container stopped or removed from outside. */
    private static final Pattern NAMES_DOCKER_FAULT = Pattern.compile(
            "Docker daemon at \\S+|container [0-9a-f]{12} was (stopped|removed) from outside");

    @Test
    @Order(3)
    void dockerdRestartedUnderLoad() throws Exception {
        int clients = 8;
        Duration timeout = Duration.ofSeconds(10);
        Duration bound = timeout.plus(AGENT_GRACE).plusSeconds(5);
        Duration wait = Duration.ofSeconds(60);
        List<CallLoop.Call> calls;
        long stopAt;
        long downAt;
        long upAt;
        boolean reaperBack;
        List<Container> left;
        try (HttpServe server = HttpServe.start(dir, "dockerd", docker2.host(), Map.of(POOL_SIZE, "4", MAX_SANDBOXES, "4"),
                "--timeout", Long.toString(timeout.toSeconds()))) {
            try {
                server.awaitIdle(4, Duration.ofSeconds(60));
                log("dockerd: server %d ready on %s", server.pid(), docker2.host());
                CallLoop loop = CallLoop.start(server, clients, "dockerd", 1000, wait, false);
                try {
                    assertThat(loop.await(CallLoop.Call::correct, 8, Duration.ofSeconds(60))).as("answers before the restart").isTrue();
                    long pid = docker2.pid();
                    stopAt = System.nanoTime();
                    log("dockerd: SIGTERM to the second daemon (pid %d)", pid);
                    run("kill", "-TERM", Long.toString(pid));
                    ProcessHandle daemon = ProcessHandle.of(pid).orElse(null);
                    if (daemon != null) {
                        daemon.onExit().get(60, TimeUnit.SECONDS);
                    }
                    downAt = System.nanoTime();
                    log("dockerd: exited after %d ms; starting it", millis(downAt - stopAt));
                    run("bash", SCRIPTS.resolve("second-dockerd.sh").toString(), "start");
                    upAt = System.nanoTime();
                    log("dockerd: answers again after %d ms", millis(upAt - downAt));
                    assertThat(loop.await(c -> c.reply().startNanos() >= upAt, 16, Duration.ofSeconds(90)))
                            .as("calls after the restart: %s", loop.calls()).isTrue();
                } finally {
                    loop.close();
                }
                calls = loop.calls();
                reaperBack = server.runningReaper().isPresent();
                server.stop();
                server.awaitNoContainers(Duration.ofSeconds(5));
                left = server.containers();
                log("dockerd: left after the server's exit: %s", describe(left));
                if (!left.isEmpty()) {
                    removeStuckContainers(server, left);
                }
            } finally {
                ensureSecondDaemonRuns();
            }
        }

        List<CallLoop.Call> inFlight = calls.stream().filter(c -> c.reply().startNanos() < stopAt && c.reply().endNanos() >= stopAt).toList();
        List<CallLoop.Call> outage = calls.stream().filter(c -> c.reply().startNanos() >= stopAt && c.reply().startNanos() < upAt).toList();
        List<CallLoop.Call> later = calls.stream().filter(c -> c.reply().startNanos() >= upAt).toList();
        long hung = calls.stream().filter(c -> c.reply().timedOut()).count();
        long overBound = calls.stream().filter(c -> c.reply().took().compareTo(bound) > 0).count();
        String stopSeconds = String.format(Locale.ROOT, "%.1f", (downAt - stopAt) / 1e9);
        String startSeconds = String.format(Locale.ROOT, "%.1f", (upAt - downAt) / 1e9);

        // A call the fault did not reach may still succeed; every other one must fail at once, saying why.
        Predicate<CallLoop.Call> clear = c -> c.correct() || c.reply().infrastructureError()
                && NAMES_DOCKER_FAULT.matcher(c.reply().text()).find() && c.reply().took().compareTo(bound) <= 0;
        check(faultRows.add("fault", "dockerd stopped (SIGTERM; no live-restore, so it stops every container) under load "
                        + "(8 clients, a pool of 4): the calls in flight",
                inFlight.size() + " in flight: " + summary(inFlight) + "; the last ended " + slowestEnd(inFlight, stopAt)
                        + " s after the SIGTERM (dockerd took " + stopSeconds + " s to exit)",
                !inFlight.isEmpty() && inFlight.stream().allMatch(clear), null));
        check(faultRows.add("fault", "calls while dockerd is down (" + stopSeconds + " s stopping, " + startSeconds
                        + " s starting): each succeeds or fails at once with an infrastructure error naming the daemon or the container",
                outage.size() + " calls: " + summary(outage) + "; the slowest took " + slowest(outage) + " ms",
                outage.stream().allMatch(clear), null));

        long laterGood = later.stream().filter(CallLoop.Call::correct).count();
        check(faultRows.add("fault", "after dockerd is back: the pool rebuilds and every call succeeds",
                laterGood + " of " + later.size() + " calls started after the daemon answered again were answered correctly" + firstBad(later)
                        + "; " + hung + " hung, " + overBound + " took over " + bound.toSeconds() + " s (the run timeout, the "
                        + "agent's grace, 5 s more)",
                laterGood == later.size() && later.size() >= 16 && hung == 0 && overBound == 0, null));
        check(faultRows.add("fault", "after dockerd is back: the server's reaper runs again (else a SIGKILL of the server now "
                        + "would leave its containers until another engine starts on that daemon)",
                reaperBack ? "a reaper container of the server runs" : "no reaper container of the server runs: the one dockerd stopped "
                        + "was not replaced", reaperBack, null));
        // A removal the server asked for and Docker began but could not finish after its restart ("Removal In
        // Progress": the container's overlay mount stays busy, https://github.com/moby/moby/issues/45510) is
        // Docker's, not a container the server left; removeStuckContainers cleans those up.
        List<Container> unremoved = left.stream().filter(c -> !"removing".equals(c.getState())).toList();
        List<Container> dockerStuck = left.stream().filter(c -> "removing".equals(c.getState())).toList();
        check(faultRows.add("leaks", "containers leaked (dockerd restart)", unremoved.size() + " container(s) of the server left on the "
                + "second daemon after it exited" + (unremoved.isEmpty() ? "" : ": " + describe(unremoved))
                + (dockerStuck.isEmpty() ? "" : "; besides, " + dockerStuck.size() + " whose removal the server asked for and Docker "
                + "could not finish (Removal In Progress, moby/moby#45510; removed by the suite): " + describe(dockerStuck)),
                unremoved.isEmpty(), (long) unremoved.size()));
        check(faultRows.add("leaks", "results lost (dockerd restart)", hung + " of " + calls.size() + " calls got no answer within "
                + wait.toSeconds() + " s", hung == 0, hung));
        assertHeld();
    }

    /** Containers in a few words: their short ids, states and Docker's error, if any. */
    private static String describe(List<Container> containers) {
        if (containers.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (Container c : containers) {
            text.append(text.length() == 0 ? "" : "; ").append(c.getId(), 0, 12).append(' ').append(c.getState())
                    .append(" (").append(c.getStatus()).append(')');
        }
        return text.toString();
    }

    /**
     * Removes what the server left on the second daemon that Docker itself could not remove: a
     * container whose start raced the daemon's shutdown keeps its overlay mount, which the restarted
     * daemon's bind mount of its data root hides, so removing the container fails with "device or
     * resource busy". With the daemon stopped the mount is visible again: unmount it, start the
     * daemon, remove the container.
     */
    private static void removeStuckContainers(HttpServe server, List<Container> stuck) throws Exception {
        List<String> merged = new ArrayList<>();
        try (var docker = HttpServe.docker(docker2.host())) {
            for (Container c : stuck) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException e) {
                    // docker-java's GraphData has no MergedDir: ask the CLI.
                    String dir = run("docker", "-H", docker2.host(), "inspect", "-f", "{{.GraphDriver.Data.MergedDir}}", c.getId()).strip();
                    if (dir.startsWith("/")) {
                        merged.add(dir);
                    }
                }
            }
        }
        if (server.containers().isEmpty()) {
            return;
        }
        log("dockerd: removing %s: stopping the daemon to unmount %s", describe(server.containers()), merged);
        long pid = docker2.pid();
        run("kill", "-TERM", Long.toString(pid));
        ProcessHandle daemon = ProcessHandle.of(pid).orElse(null);
        if (daemon != null) {
            daemon.onExit().get(60, TimeUnit.SECONDS);
        }
        List<String> mounted = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4]).toList();
        for (String m : merged) {
            if (mounted.contains(m)) {
                run("umount", m);
            }
        }
        run("bash", SCRIPTS.resolve("second-dockerd.sh").toString(), "start");
        try (var docker = HttpServe.docker(docker2.host())) {
            for (Container c : server.containers()) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        log("dockerd: left now: %s", describe(server.containers()));
    }

    /**
     * How calls ended, in a few words: how many succeeded, how many failed naming the cause (with an
     * example), and how many failed without naming it, grouped by message.
     */
    private static String summary(List<CallLoop.Call> calls) {
        long succeeded = calls.stream().filter(CallLoop.Call::correct).count();
        List<CallLoop.Call> named = calls.stream().filter(c -> !c.correct() && c.reply().infrastructureError()
                && NAMES_DOCKER_FAULT.matcher(c.reply().text()).find()).toList();
        Map<String, Long> unnamed = new TreeMap<>();
        calls.stream().filter(c -> !c.correct() && !named.contains(c))
                .forEach(c -> unnamed.merge(cut(c.reply().brief().replaceAll("[0-9a-f]{12}", "<id>"), 110), 1L, Long::sum));
        StringBuilder text = new StringBuilder(succeeded + " succeeded, " + named.size() + " failed naming the cause");
        if (!named.isEmpty()) {
            text.append(" (e.g. \"").append(cut(named.get(0).reply().brief().replaceAll("[0-9a-f]{12}", "<id>"), 150)).append("\")");
        }
        text.append(", ").append(unnamed.values().stream().mapToLong(Long::longValue).sum()).append(" did not");
        unnamed.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> text.append("; ").append(e.getValue()).append(" x \"").append(e.getKey()).append('"'));
        return text.toString();
    }

    private static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars - 3) + "...";
    }

    private static String slowestEnd(List<CallLoop.Call> calls, long since) {
        return String.format(Locale.ROOT, "%.1f", calls.stream().mapToLong(c -> c.reply().endNanos() - since).max().orElse(0) / 1e9);
    }

    private static long slowest(List<CallLoop.Call> calls) {
        return calls.stream().mapToLong(c -> c.reply().took().toMillis()).max().orElse(0);
    }

    private static String firstBad(List<CallLoop.Call> calls) {
        return calls.stream().filter(c -> !c.correct()).findFirst().map(c -> "; first failure: " + c.reply().brief()).orElse("");
    }

    // --- 4. a pooled container killed from outside -----------------------------------------------------

    @Test
    @Order(4)
    void aPooledContainerKilledFromOutside() throws Exception {
        int left;
        try (HttpServe server = HttpServe.start(dir, "kill", null, Map.of(POOL_SIZE, "2", MAX_SANDBOXES, "2"), "--timeout", "20")) {
            server.awaitIdle(2, Duration.ofSeconds(60));
            try (McpHttpSession client = server.client("kill")) {
                // During a call: the code touches a marker (so we know its container), then sleeps.
                String marker = "/tmp/fault-suite-" + UUID.randomUUID();
                CompletableFuture<McpHttpSession.Reply> call = CompletableFuture.supplyAsync(() -> client.call("execute-lean",
                        Map.of("code", LeanInputs.directive("touch " + marker) + LeanInputs.directive("sleep 5000") + "def f := 37"),
                        Duration.ofSeconds(60)));
                String victim = server.awaitSandboxWith(marker, Duration.ofSeconds(10));
                long killed = System.nanoTime();
                server.kill(victim);
                McpHttpSession.Reply reply = call.get(60, TimeUnit.SECONDS);
                long answeredAfter = millis(reply.endNanos() - killed);
                List<McpHttpSession.Reply> next = calls(client, "kill-during", 4);
                boolean named = reply.infrastructureError() && reply.text().contains("container " + victim.substring(0, 12))
                        && reply.text().contains("from outside");
                check(faultRows.add("fault", "a pooled sandbox's container killed (docker kill) during an execute-lean call",
                        "the call: " + reply.brief().replace(victim.substring(0, 12), "<id>") + " (" + answeredAfter + " ms after the kill); then "
                                + good(next, "kill-during") + " of 4 calls answered correctly" + firstBadReply(next),
                        named && good(next, "kill-during") == 4, null));

                // Idle: no call in flight, so every later call must succeed.
                server.awaitIdle(2, Duration.ofSeconds(30));
                String idle = server.sandboxes().stream().filter(c -> "running".equals(c.getState())).findFirst().orElseThrow().getId();
                server.kill(idle);
                awaitStopped(server, idle);
                Thread.sleep(500); // time enough for the engine to see its agent's stream end
                List<McpHttpSession.Reply> after = calls(client, "kill-idle", 4);
                check(faultRows.add("fault", "an idle pooled sandbox's container killed (docker kill), then 4 execute-lean calls one "
                                + "after the other (a pool of 2)",
                        good(after, "kill-idle") + " of 4 calls answered correctly" + firstBadReply(after).replace(idle.substring(0, 12), "<id>"),
                        good(after, "kill-idle") == 4, null));
                check(faultRows.add("leaks", "results lost (pooled container killed)",
                        lost(next, after, List.of(reply)) + " call(s) got no answer", lost(next, after, List.of(reply)) == 0,
                        (long) lost(next, after, List.of(reply))));
            }
            server.stop();
            left = server.awaitNoContainers(Duration.ofSeconds(5));
        }
        check(faultRows.add("leaks", "containers leaked (pooled container killed)", left + " container(s) left after the server exited",
                left == 0, (long) left));
        assertHeld();
    }

    private static List<McpHttpSession.Reply> calls(McpHttpSession client, String tag, int n) {
        List<McpHttpSession.Reply> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(client.call("execute-lean", Map.of("code", CallLoop.code(tag, 0, i, 20)), Duration.ofSeconds(60)));
        }
        return replies;
    }

    /** How many of {@link #calls}'s replies are their call's correct answer. */
    private static int good(List<McpHttpSession.Reply> replies, String tag) {
        int n = 0;
        for (int i = 0; i < replies.size(); i++) {
            if (CallLoop.correct(replies.get(i).result(), tag, 0, i, 20)) {
                n++;
            }
        }
        return n;
    }

    private static String firstBadReply(List<McpHttpSession.Reply> replies) {
        return replies.stream().filter(r -> !r.answered() || r.isError() || !"SUCCESS".equals(r.status())).findFirst()
                .map(r -> "; first failure: " + r.brief()).orElse("");
    }

    @SafeVarargs
    private static int lost(List<McpHttpSession.Reply>... groups) {
        int n = 0;
        for (List<McpHttpSession.Reply> group : groups) {
            n += (int) group.stream().filter(McpHttpSession.Reply::timedOut).count();
        }
        return n;
    }

    private static void awaitStopped(HttpServe server, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.sandboxes().stream().anyMatch(c -> c.getId().equals(id) && "running".equals(c.getState()))) {
            assertThat(System.nanoTime()).as("container %s stopped", id).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    // --- 5. a session's container killed ---------------------------------------------------------------

    @Test
    @Order(5)
    void aSessionsContainerKilled() throws Exception {
        int left;
        try (HttpServe server = HttpServe.start(dir, "sessions", null, Map.of(POOL_SIZE, "2"), "--timeout", "20")) {
            server.awaitIdle(2, Duration.ofSeconds(60));
            try (McpHttpSession client = server.client("sessions")) {
                // A: a proof session (start-proof; the transcript proof_step's first command hands out proof state 0), then a marker.
                JsonNode proof = client.fields("start-proof", Map.of("code", LeanInputs.firstCommandOf("proof_step")));
                String a = proof.get("session_id").asText();
                assertThat(proof.at("/proof_states/0/proof_state").asInt(-1)).as("%s", proof).isZero();
                String markerA = "/tmp/fault-suite-a-" + UUID.randomUUID();
                assertThat(client.fields("execute-lean-persistent", Map.of("session_id", a,
                        "code", LeanInputs.directive("touch " + markerA) + "def a := 1")).get("env").asInt()).isEqualTo(1);
                // B: two commands, then a marker; C: one command, never touched.
                String markerB = "/tmp/fault-suite-b-" + UUID.randomUUID();
                JsonNode b0 = client.fields("execute-lean-persistent", Map.of("code", LeanInputs.directive("touch " + markerB) + "def b := 1"));
                String b = b0.get("session_id").asText();
                assertThat(client.fields("execute-lean-persistent", Map.of("session_id", b, "code", "def b2 := 2")).get("env").asInt()).isEqualTo(1);
                String c = client.fields("execute-lean-persistent", Map.of("code", "def c := 1")).get("session_id").asText();
                String boxA = server.awaitSandboxWith(markerA, Duration.ofSeconds(10));
                String boxB = server.awaitSandboxWith(markerB, Duration.ofSeconds(10));
                assertThat(boxA).isNotEqualTo(boxB);

                // A's container killed while the session is idle: the next call on it says so, and the proof state survives.
                server.kill(boxA);
                awaitStopped(server, boxA);
                Thread.sleep(500);
                McpHttpSession.Reply a1 = client.call("apply-tactic", Map.of("session_id", a, "proof_state", 0, "tactic", "apply Int.natAbs"),
                        Duration.ofSeconds(60));
                McpHttpSession.Reply a2 = client.call("apply-tactic", Map.of("session_id", a, "proof_state", 0, "tactic", "apply Int.natAbs"),
                        Duration.ofSeconds(60));
                McpHttpSession.Reply a3 = client.call("execute-lean-persistent", Map.of("session_id", a, "code", "def a2 := 2"),
                        Duration.ofSeconds(60));
                String noticeA = a1.answered() ? a1.result().at("/structuredContent/notice").asText("") : "";
                boolean saysLost = a1.answered() && !a1.text().startsWith("Internal error")
                        && (noticeA.contains("restarted") || noticeA.contains("reset") || a1.text().contains("from outside"));
                boolean goesOn = a2.answered() && !a2.isError() && a3.answered() && !a3.isError()
                        && a3.result().at("/structuredContent/env").asInt(-1) >= 2;
                check(faultRows.add("fault", "a start-proof session's container killed (docker kill) while idle: the next apply-tactic",
                        "it took " + a1.took().toMillis() + " ms: " + shortNotice(a1) + "; then apply-tactic on proof state 0: " + a2.brief()
                                + "; execute-lean-persistent: " + a3.brief() + ", env " + (a3.answered() ? a3.result().at("/structuredContent/env") : "-"),
                        saysLost && goesOn && a1.took().compareTo(Duration.ofSeconds(10)) < 0, null));

                // B's container killed during a command.
                String inFlightMarker = "/tmp/fault-suite-b-run-" + UUID.randomUUID();
                CompletableFuture<McpHttpSession.Reply> running = CompletableFuture.supplyAsync(() -> client.call("execute-lean-persistent",
                        Map.of("session_id", b, "code", LeanInputs.directive("touch " + inFlightMarker) + LeanInputs.directive("sleep 5000")
                                + "def b3 := 3"), Duration.ofSeconds(60)));
                assertThat(server.awaitSandboxWith(inFlightMarker, Duration.ofSeconds(10))).isEqualTo(boxB);
                long killed = System.nanoTime();
                server.kill(boxB);
                McpHttpSession.Reply b3 = running.get(60, TimeUnit.SECONDS);
                McpHttpSession.Reply b4 = client.call("execute-lean-persistent", Map.of("session_id", b, "code", "def b4 := 4"),
                        Duration.ofSeconds(60));
                String noticeB = b3.answered() ? b3.result().at("/structuredContent/notice").asText("") : "";
                boolean bNamed = b3.infrastructureError() && b3.text().contains("container " + boxB.substring(0, 12))
                        && (noticeB.contains("replayed") || noticeB.contains("reset"));
                boolean bGoesOn = b4.answered() && !b4.isError() && b4.result().at("/structuredContent/env").asInt(-1) >= 2;
                check(faultRows.add("fault", "a session's container killed (docker kill) during an execute-lean-persistent command",
                        "the command, " + millis(b3.endNanos() - killed) + " ms after the kill: " + shortNotice(b3) + "; the next: " + b4.brief()
                                + ", env " + (b4.answered() ? b4.result().at("/structuredContent/env") : "-"), bNamed && bGoesOn, null));

                // C, and the sessions' list, untouched.
                McpHttpSession.Reply c1 = client.call("execute-lean-persistent", Map.of("session_id", c, "code", "def c2 := 2"),
                        Duration.ofSeconds(60));
                JsonNode sessions = client.fields("list-sessions", Map.of()).get("sessions");
                List<String> ids = new ArrayList<>();
                sessions.forEach(s -> ids.add(s.get("session_id").asText()));
                boolean cUntouched = c1.answered() && !c1.isError() && c1.result().at("/structuredContent/notice").isNull()
                        && c1.result().at("/structuredContent/env").asInt(-1) == 1;
                check(faultRows.add("fault", "the other sessions when two sessions' containers are killed",
                        "a third session's next command: " + c1.brief() + ", env " + (c1.answered() ? c1.result().at("/structuredContent/env") : "-")
                                + ", notice " + (c1.answered() ? c1.result().at("/structuredContent/notice") : "-") + "; list-sessions: "
                                + ids.size() + " open", cUntouched && ids.containsAll(List.of(a, b, c)) && ids.size() == 3, null));
                int lost = lost(List.of(a1, a2, a3, b3, b4, c1));
                check(faultRows.add("leaks", "results lost (session container killed)", lost + " call(s) got no answer", lost == 0, (long) lost));
                for (String id : List.of(a, b, c)) {
                    client.fields("cleanup-session", Map.of("session_id", id));
                }
            }
            server.stop();
            left = server.awaitNoContainers(Duration.ofSeconds(5));
        }
        check(faultRows.add("leaks", "containers leaked (session container killed)", left + " container(s) left after the server exited",
                left == 0, (long) left));
        assertHeld();
    }

    /** A session reply in a few words: its error line or status, and its notice's first words. */
    private static String shortNotice(McpHttpSession.Reply reply) {
        if (!reply.answered()) {
            return reply.brief();
        }
        String notice = reply.result().at("/structuredContent/notice").asText("");
        return reply.brief().replaceAll("[0-9a-f]{12}", "<id>") + (notice.isEmpty() ? ", no notice" : ", notice: " + notice);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private void check(ReliabilityRows.Row row) {
        log("row (%s): %s: %s [held: %s]", row.category(), row.check(), row.outcome(), row.held());
        if (!row.held()) {
            failed.add(row.check() + ": " + row.outcome());
        }
    }

    private void assertHeld() {
        assertThat(failed).as("checks that did not hold").isEmpty();
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[fault-suite %tT] " + format + "%n", prepend(new Date(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Starts the second daemon again if it is not running (a test that stopped it failed before it started it). */
    private static void ensureSecondDaemonRuns() throws Exception {
        boolean alive;
        try {
            alive = ProcessHandle.of(docker2.pid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            alive = false; // no pid file: stopped
        }
        if (!alive) {
            run("bash", SCRIPTS.resolve("second-dockerd.sh").toString(), "start");
        }
    }

    /** Runs {@code command}, which must succeed within 2 minutes; its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }

}
