package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Clients that each call {@code execute-lean} in a loop over raw HTTP ({@link McpHttpSession}), one
 * call at a time, until told to stop: the load under which a fault is injected. Every call is
 * recorded with how it ended. Each call's code sleeps in the stand-in ({@code sleep MS}) and says a
 * line unique to the call ({@code say info TAG cC nN}), so a correct answer is that call's own.
 */
final class CallLoop implements AutoCloseable {

    /** One call: client {@code client}'s {@code n}th, how it ended, and whether it was its own correct answer. */
    record Call(int client, int n, McpHttpSession.Reply reply, boolean correct) {
    }

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(200);

    private final String tag;
    private final int sleepMillis;
    private final Duration wait;
    private final boolean endOnBrokenConnection;
    private final List<McpHttpSession> sessions = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    private CallLoop(String tag, int sleepMillis, Duration wait, boolean endOnBrokenConnection) {
        this.tag = tag;
        this.sleepMillis = sleepMillis;
        this.wait = wait;
        this.endOnBrokenConnection = endOnBrokenConnection;
    }

    /**
     * Opens {@code clients} MCP sessions on {@code server} and starts them calling; each call waits at
     * most {@code wait} for its answer. With {@code endOnBrokenConnection} a client stops at its first
     * call whose connection broke (a server that is gone); a client whose call got no answer in time stops too.
     */
    static CallLoop start(HttpServe server, int clients, String tag, int sleepMillis, Duration wait, boolean endOnBrokenConnection)
            throws Exception {
        CallLoop loop = new CallLoop(tag, sleepMillis, wait, endOnBrokenConnection);
        for (int c = 0; c < clients; c++) {
            loop.sessions.add(server.client(tag + "-" + c));
        }
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> loop.run(client), "fault-suite-" + tag + "-" + c);
            t.setDaemon(true);
            loop.threads.add(t);
        }
        loop.threads.forEach(Thread::start);
        return loop;
    }

    static String code(String tag, int client, int n, int sleepMillis) {
        return "--! standin: sleep " + sleepMillis + "\n--! standin: say info " + tag + " c" + client + " n" + n + "\ndef f := 37";
    }

    /** Whether {@code result} (a tools/call result) is the correct answer to {@link #code}: success, and this call's own line. */
    static boolean correct(JsonNode result, String tag, int client, int n, int sleepMillis) {
        if (result == null || result.path("isError").asBoolean() || !"SUCCESS".equals(result.at("/structuredContent/status").asText())) {
            return false;
        }
        List<String> messages = new ArrayList<>();
        result.at("/structuredContent/diagnostics").forEach(d -> messages.add(d.path("message").asText()));
        return messages.equals(List.of("standin: slept " + sleepMillis + " ms", tag + " c" + client + " n" + n));
    }

    private void run(int client) {
        McpHttpSession session = sessions.get(client);
        for (int n = 0; !stopping; n++) {
            McpHttpSession.Reply reply = session.call("execute-lean", Map.of("code", code(tag, client, n, sleepMillis)), wait);
            boolean ok = correct(reply.result(), tag, client, n, sleepMillis);
            calls.add(new Call(client, n, reply, ok));
            if (reply.timedOut() || reply.broken() && endOnBrokenConnection) {
                return;
            }
            if (!ok) {
                pause(PAUSE_AFTER_FAILURE);
            }
        }
    }

    /** Every call that has ended so far. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits until {@code count} ended calls match {@code which}; whether they did within {@code within}. */
    boolean await(Predicate<Call> which, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (calls.stream().filter(which).count() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits up to {@code within} for every client to stop on its own; whether they all did. */
    boolean awaitEnd(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Tells the clients to stop after their call in flight, waits for them (at most a call's wait), closes the sessions. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        awaitEnd(wait.plusSeconds(5));
        sessions.forEach(McpHttpSession::close);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
