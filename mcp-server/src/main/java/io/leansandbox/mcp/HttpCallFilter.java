package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where cancellation starts over streamable HTTP (the SDK has none), after {@link HttpAccessFilter}
 * let the request in; see {@link CallTracker}.
 *
 * <ul>
 *   <li>A {@code tools/call} POST is reported to the tracker and its body rewritten with the call key
 *       in {@code params._meta}. While the SDK streams the call's answer (SSE), the stream is probed
 *       every {@link #PROBE} with an SSE comment line (which clients ignore): when the client has closed
 *       the stream or its connection, the write fails and the call is cancelled. The SDK's own events
 *       are written whole, so a probe never lands inside one.</li>
 *   <li>A {@code notifications/cancelled} POST cancels the call it names, in the same MCP session
 *       only, and is answered 202 here: the SDK would only log it.</li>
 *   <li>A DELETE of an MCP session cancels that session's calls in flight and tells {@code onSessionEnd}.</li>
 * </ul>
 */
final class HttpCallFilter implements Filter {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final Duration PROBE = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bodies larger than this are passed on untouched: the SDK refuses them anyway. */
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final CallTracker tracker;
    private final Consumer<String> onSessionEnd;
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-http-stream-probe");
        t.setDaemon(true);
        return t;
    });

    /** {@code onSessionEnd} gets the id of each MCP session a client deletes. */
    HttpCallFilter(CallTracker tracker, Consumer<String> onSessionEnd) {
        this.tracker = tracker;
        this.onSessionEnd = onSessionEnd;
    }

    /** The tracker's name for the calls of MCP session {@code sessionId}. */
    static String connection(String sessionId) {
        return "http:" + sessionId;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String session = http.getHeader(SESSION_HEADER);
        if (session == null || session.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        if ("DELETE".equals(http.getMethod())) {
            tracker.connectionEnded(connection(session), "the client ended its MCP session");
            chain.doFilter(request, response);
            onSessionEnd.accept(session);
            return;
        }
        if (!"POST".equals(http.getMethod()) || http.getContentLengthLong() > MAX_BODY) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = http.getInputStream().readNBytes(MAX_BODY + 1);
        JsonNode message;
        try {
            message = body.length > MAX_BODY ? null : JSON.readTree(body);
        } catch (IOException e) {
            message = null; // not JSON: the SDK answers it
        }
        if (message != null && CallTracker.isCancellation(message)) {
            JsonNode params = message.path("params");
            if (params.hasNonNull("requestId")) {
                tracker.cancelRequested(connection(session), params.get("requestId"),
                        params.path("reason").isTextual() ? params.get("reason").asText() : null);
            }
            ((HttpServletResponse) response).setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        if (message == null || !CallTracker.isToolCall(message)) {
            chain.doFilter(new Body(http, body), response);
            return;
        }
        ObjectNode call = (ObjectNode) message;
        String key = tracker.arrived(connection(session), call.get("id"));
        CallTracker.mark(call, key);
        Stream stream = new Stream((HttpServletResponse) response, key);
        try {
            chain.doFilter(new Body(http, JSON.writeValueAsBytes(call)) {
                @Override
                public AsyncContext startAsync() {
                    AsyncContext async = super.startAsync();
                    stream.startProbing();
                    return async;
                }
            }, stream);
        } finally {
            stream.stopProbing();
            tracker.forget(key);
        }
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
    }

    /** The request with {@code body} in place of the one already read. */
    private static class Body extends HttpServletRequestWrapper {

        private final byte[] body;

        Body(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /** The response to one tool call: its SSE events written whole, and probed for a client that went away. */
    private final class Stream extends HttpServletResponseWrapper {

        private final String key;
        private EventWriter events;
        private PrintWriter writer;
        private ScheduledFuture<?> probing;
        private boolean stopped;

        Stream(HttpServletResponse response, String key) {
            super(response);
            this.key = key;
        }

        @Override
        public synchronized PrintWriter getWriter() throws IOException {
            if (writer == null) {
                events = new EventWriter(super.getWriter());
                writer = new PrintWriter(events);
            }
            return writer;
        }

        synchronized void startProbing() {
            if (!stopped && probing == null) {
                long every = PROBE.toMillis();
                probing = probes.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void stopProbing() {
            stopped = true;
            if (probing != null) {
                probing.cancel(false);
            }
        }

        private void probe() {
            EventWriter target;
            synchronized (this) {
                if (stopped || events == null || getContentType() == null || !getContentType().startsWith("text/event-stream")) {
                    return;
                }
                target = events;
            }
            if (!target.probe()) {
                stopProbing();
                tracker.cancel(key, "the client closed the call's stream");
            }
        }
    }

    /**
     * Holds what is written until it is flushed, then writes it at once: the SDK ends each SSE event
     * with a flush, so an event reaches the stream whole, and a probe never lands inside one.
     */
    private static final class EventWriter extends Writer {

        private final PrintWriter out;
        private final StringBuilder pending = new StringBuilder();

        EventWriter(PrintWriter out) {
            super();
            this.out = out;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            pending.append(chars, offset, length);
        }

        @Override
        public synchronized void flush() throws IOException {
            out.write(pending.toString());
            pending.setLength(0);
            out.flush();
            if (out.checkError()) {
                throw new IOException("the client closed the stream");
            }
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
            out.close();
        }

        /** Writes an SSE comment unless an event is half written; false once the stream is broken. */
        synchronized boolean probe() {
            if (pending.length() == 0) {
                out.write(":\n"); // a comment line alone: no blank line, which some clients would take for an event
                out.flush();
            }
            return !out.checkError();
        }
    }
}
