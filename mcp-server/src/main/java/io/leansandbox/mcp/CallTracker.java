package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.Cancellation;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The tool calls in flight, for what the SDK does not do: cancellation, and progress and log
 * notifications while a call runs.
 *
 * <p><b>Cancellation.</b> The SDK drops {@code notifications/cancelled} and never tells a handler
 * the JSON-RPC id of its request. So whatever reads the client's messages before the SDK does
 * ({@link StdioLineGuard} on stdio, {@link HttpCallFilter} over HTTP) reports each
 * {@code tools/call} here ({@link #arrived}), which hands out a call key that the interceptor writes
 * into the request's {@code _meta} ({@value #CALL_KEY}); the handler finds its {@link Cancellation}
 * by that key ({@link #begin}). A {@code notifications/cancelled} for the request id then cancels
 * that call ({@link #cancelRequested}), and so does the end of the client's connection
 * ({@link #connectionEnded}) or of the call's own HTTP stream ({@link #cancel}). Requests are matched
 * within their connection only: a client cannot cancel another's calls.
 *
 * <p><b>Progress.</b> When the request has a {@code progressToken}, every status the call reports
 * ({@link CallContext.Progress}) is sent at once as {@code notifications/progress}, and the latest
 * one is repeated every {@link #HEARTBEAT} with the time so far, so a client's
 * {@code resetTimeoutOnProgress} keeps a long call alive. {@code progress} is the elapsed time in
 * seconds: it increases with every notification, as the protocol requires; there is no {@code total}.
 *
 * <p><b>Logging.</b> The same statuses go out as {@code notifications/message} at level debug, the
 * call's end at info (warning when it failed or its session had to be restored). The SDK sends only
 * what the client's {@code logging/setLevel} lets through (info by default).
 */
final class CallTracker implements AutoCloseable {

    /** The {@code _meta} key under which interceptors pass a request's call key to its handler. */
    static final String CALL_KEY = "io.leansandbox/call";
    /** How often a running call's progress is repeated. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** The {@code logger} of the server's log notifications. */
    static final String LOGGER = LeanMcpServer.NAME;
    /** Not among the SDK's constants: it has no cancellation. */
    static final String METHOD_CANCELLED = "notifications/cancelled";

    private static final Logger log = LoggerFactory.getLogger(CallTracker.class);
    /** Calls reported by an interceptor but never begun (refused by the SDK) are forgotten past this many. */
    private static final int MAX_REMEMBERED = 10_000;

    /** One call the interceptor saw; {@code begun} once its handler runs. */
    private static final class Entry {
        final String connection;
        final String requestId;
        final Cancellation cancellation = Cancellation.create();
        volatile boolean begun;

        Entry(String connection, String requestId) {
            this.connection = connection;
            this.requestId = requestId;
        }
    }

    private final Map<String, Entry> byKey = boundedMap();
    private final Map<String, String> keyByRequest = boundedMap();
    /** Requests the client cancelled while they ran: their responses are not sent (where the transport lets us). */
    private final Map<String, Boolean> cancelledByClient = boundedMap();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final ScheduledThreadPoolExecutor timer;
    private final Duration heartbeat;

    CallTracker() {
        this(HEARTBEAT);
    }

    CallTracker(Duration heartbeat) {
        this.heartbeat = heartbeat;
        AtomicInteger n = new AtomicInteger();
        this.timer = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "mcp-call-progress-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    // --- what interceptors report ------------------------------------------------------------------

    /**
     * A {@code tools/call} with JSON-RPC id {@code requestId} arrived on {@code connection}; its call
     * key, to be written into the request as {@code params._meta["io.leansandbox/call"]}.
     */
    String arrived(String connection, JsonNode requestId) {
        String key = UUID.randomUUID().toString();
        String request = requestKey(connection, requestId);
        synchronized (this) {
            String earlier = keyByRequest.put(request, key);
            if (earlier != null) {
                byKey.remove(earlier); // a reused id: the earlier call can no longer be named
            }
            byKey.put(key, new Entry(connection, request));
        }
        return key;
    }

    /** Whether a {@code tools/call} with JSON-RPC id {@code requestId} arrived on {@code connection} and is not answered yet. */
    synchronized boolean inFlight(String connection, JsonNode requestId) {
        return keyByRequest.containsKey(requestKey(connection, requestId));
    }

    /** {@code notifications/cancelled} for {@code requestId} on {@code connection}: cancels that call if it is in flight. */
    void cancelRequested(String connection, JsonNode requestId, String reason) {
        String key;
        synchronized (this) {
            key = keyByRequest.get(requestKey(connection, requestId));
            if (key != null) {
                cancelledByClient.put(requestKey(connection, requestId), true);
            }
        }
        if (key != null) {
            cancel(key, reason == null || reason.isBlank() ? "the client cancelled the call" : "the client cancelled the call: " + reason);
        }
    }

    /** Cancels the call with this key (its HTTP stream closed, for instance); unknown keys are ignored. */
    void cancel(String key, String reason) {
        Entry entry;
        synchronized (this) {
            entry = byKey.get(key);
        }
        if (entry != null && !entry.cancellation.isCancelled()) {
            if (entry.begun) {
                log.info("cancelling a tool call: {}", reason);
            }
            entry.cancellation.cancel(reason);
        }
    }

    /** The client of {@code connection} went away (stdin closed, MCP session deleted): cancels its calls. */
    void connectionEnded(String connection, String reason) {
        List<String> keys = new ArrayList<>();
        synchronized (this) {
            byKey.forEach((key, entry) -> {
                if (entry.connection.equals(connection)) {
                    keys.add(key);
                }
            });
        }
        keys.forEach(key -> cancel(key, reason));
    }

    /**
     * Whether the client cancelled the request {@code requestId} (a JSON-RPC id as the SDK holds it)
     * of {@code connection}, whose response it then no longer expects; asked once, when the response is sent.
     */
    boolean cancelledByClient(String connection, Object requestId) {
        if (requestId == null) {
            return false;
        }
        String request = requestKey(connection, JSON.valueToTree(requestId));
        synchronized (this) {
            // Answered: its entry goes too (a call the SDK refused never began, and would stay otherwise).
            String key = keyByRequest.remove(request);
            if (key != null) {
                byKey.remove(key);
            }
            return cancelledByClient.remove(request) != null;
        }
    }

    /** Forgets the call with this key (its request was answered). */
    void forget(String key) {
        synchronized (this) {
            Entry entry = byKey.remove(key);
            if (entry != null) {
                keyByRequest.remove(entry.requestId, key);
            }
        }
    }

    /** Writes {@code key} into a {@code tools/call} request's {@code params._meta}, replacing any the client wrote. */
    static void mark(ObjectNode request, String key) {
        JsonNode params = request.get("params");
        if (params instanceof ObjectNode p) {
            JsonNode meta = p.get("_meta");
            ObjectNode m = meta instanceof ObjectNode o ? o : p.putObject("_meta");
            m.put(CALL_KEY, key);
        }
    }

    /** Whether {@code message} is a JSON-RPC request for {@code tools/call} with an id. */
    static boolean isToolCall(JsonNode message) {
        return message.isObject() && McpSchema.METHOD_TOOLS_CALL.equals(message.path("method").asText())
                && message.hasNonNull("id") && message.get("params") instanceof ObjectNode;
    }

    /** Whether {@code message} is a {@code notifications/cancelled}. */
    static boolean isCancellation(JsonNode message) {
        return message.isObject() && METHOD_CANCELLED.equals(message.path("method").asText())
                && !message.has("id");
    }

    // --- what handlers do ------------------------------------------------------------------------

    /**
     * The context of the call {@code request} makes through {@code exchange}: its owner, its
     * cancellation (from the interceptor, when there is one) and its progress. Close the returned
     * call before answering.
     */
    Call begin(McpSyncServerExchange exchange, CallToolRequest request, String tool, Function<McpSyncServerExchange, String> owner) {
        Object key = request.meta() == null ? null : request.meta().get(CALL_KEY);
        Entry entry;
        synchronized (this) {
            entry = key instanceof String k ? byKey.get(k) : null;
        }
        if (entry != null) {
            entry.begun = true;
        }
        Cancellation cancellation = entry != null ? entry.cancellation : Cancellation.create();
        Sender sender = new Sender(exchange, request.progressToken(), tool);
        Call call = new Call(key instanceof String k && entry != null ? k : null, tool, sender,
                new CallContext(owner.apply(exchange), sender, cancellation, null));
        if (sender.token != null) {
            sender.heartbeat = timer.scheduleAtFixedRate(sender::repeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        }
        return call;
    }

    /** One call being handled. */
    final class Call implements AutoCloseable {

        private final String key;
        private final String tool;
        private final Sender sender;
        private final CallContext context;
        private final long start = System.nanoTime();

        private Call(String key, String tool, Sender sender, CallContext context) {
            this.key = key;
            this.tool = tool;
            this.sender = sender;
            this.context = context;
        }

        CallContext context() {
            return context;
        }

        /** Logs the call's end to the client ({@code summary}, at {@code level}); nothing is sent for it after this. */
        void finish(LoggingLevel level, String summary) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sender.finish(level, tool + ": " + summary + " (" + millis + " ms)");
        }

        @Override
        public void close() {
            sender.finish(null, null);
            if (key != null) {
                forget(key);
            }
        }
    }

    /** Sends one call's progress and log notifications, never after the call has finished. */
    private final class Sender implements CallContext.Progress {

        private final McpSyncServerExchange exchange;
        private final Object token;
        private final String tool;
        private final long start = System.nanoTime();
        private volatile String status = "waiting for the Lean engine";
        private double lastProgress;
        private boolean finished;
        volatile ScheduledFuture<?> heartbeat;

        Sender(McpSyncServerExchange exchange, Object token, String tool) {
            this.exchange = exchange;
            this.token = token;
            this.tool = tool;
        }

        @Override
        public void status(String what) {
            if (what == null || what.equals(status)) {
                return;
            }
            status = what;
            try {
                timer.execute(() -> {
                    progress();
                    logMessage(LoggingLevel.DEBUG, tool + ": " + what);
                });
            } catch (RuntimeException e) {
                // shutting down
            }
        }

        /** The heartbeat: the latest status again, with the time so far. */
        void repeat() {
            progress();
        }

        private synchronized void progress() {
            if (finished || token == null) {
                return;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double progress = Math.max(Math.round(elapsed * 10) / 10.0, lastProgress + 0.1);
            lastProgress = Math.round(progress * 10) / 10.0;
            String message = status + " (" + String.format(java.util.Locale.ROOT, "%.1f", elapsed) + " s)";
            try {
                exchange.progressNotification(new ProgressNotification(token, lastProgress, null, message));
            } catch (RuntimeException e) {
                log.debug("could not send progress for {}: {}", tool, e.toString());
            }
        }

        private synchronized void logMessage(LoggingLevel level, String data) {
            if (finished) {
                return;
            }
            try {
                exchange.loggingNotification(LoggingMessageNotification.builder().level(level).logger(LOGGER).data(data).build());
            } catch (RuntimeException e) {
                log.debug("could not send a log message for {}: {}", tool, e.toString());
            }
        }

        /** Sends the last log message, if any, and stops: later statuses and heartbeats send nothing. */
        void finish(LoggingLevel level, String summary) {
            ScheduledFuture<?> beat = heartbeat;
            if (beat != null) {
                beat.cancel(false);
            }
            if (level != null) {
                logMessage(level, summary);
            }
            synchronized (this) {
                finished = true;
            }
        }
    }

    private static String requestKey(String connection, JsonNode requestId) {
        return connection + '\u0000' + requestId;
    }

    private static <V> Map<String, V> boundedMap() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_REMEMBERED;
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
