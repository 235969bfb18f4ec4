package io.leansandbox.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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
 *   <li>Bad input gets a JSON-RPC error that names it: a POST body that is not one JSON object (400,
 *       -32700 or -32600), a {@code tools/call} whose params the SDK cannot read (-32602, see
 *       {@link ToolCallParams}); and the SDK's own refusals (an unknown MCP session: 404) come as
 *       JSON-RPC errors instead of its serialised Java exception, stack trace included.</li>
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
        ErrorBodies replies = new ErrorBodies((HttpServletResponse) response);
        try {
            filter((HttpServletRequest) request, replies, chain);
        } finally {
            replies.finish();
        }
    }

    private void filter(HttpServletRequest http, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String session = http.getHeader(SESSION_HEADER);
        boolean inSession = session != null && !session.isBlank();
        if (inSession && "DELETE".equals(http.getMethod())) {
            tracker.connectionEnded(connection(session), "the client ended its MCP session");
            chain.doFilter(http, response);
            onSessionEnd.accept(session);
            return;
        }
        if (!"POST".equals(http.getMethod()) || http.getContentLengthLong() > MAX_BODY) {
            chain.doFilter(http, response);
            return;
        }
        byte[] body = http.getInputStream().readNBytes(MAX_BODY + 1);
        JsonNode message = null;
        if (body.length <= MAX_BODY) {
            // The SDK answers a body that is not one JSON-RPC message with "Failed to read value" and its stack trace.
            try {
                message = JSON.readTree(body);
            } catch (IOException e) {
                answer(response, HttpServletResponse.SC_BAD_REQUEST, null, StdioLineGuard.PARSE_ERROR,
                        "Parse error: the body is not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
                return;
            }
            if (message == null || !message.isObject()) {
                answer(response, HttpServletResponse.SC_BAD_REQUEST, null, StdioLineGuard.INVALID_REQUEST,
                        message != null && message.isArray() ? "Invalid Request: a message must be a JSON object (batches are not supported)"
                                : "Invalid Request: a message must be a JSON object, got " + (message == null ? "nothing" : ToolCallParams.type(message)));
                return;
            }
            String badParams = ToolCallParams.problem(message);
            if (badParams != null) {
                // The SDK would open an event stream for it and close it without an answer.
                answer(response, HttpServletResponse.SC_OK, message.get("id"), ToolCallParams.INVALID_PARAMS, "Invalid params: " + badParams);
                return;
            }
        }
        if (!inSession) {
            chain.doFilter(new Body(http, body), response); // initialize: no calls to track yet
            return;
        }
        if (message != null && CallTracker.isCancellation(message)) {
            JsonNode params = message.path("params");
            if (params.hasNonNull("requestId")) {
                tracker.cancelRequested(connection(session), params.get("requestId"),
                        params.path("reason").isTextual() ? params.get("reason").asText() : null);
            }
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        if (message == null || !CallTracker.isToolCall(message)) {
            chain.doFilter(new Body(http, body), response);
            return;
        }
        ObjectNode call = (ObjectNode) message;
        String key = tracker.arrived(connection(session), call.get("id"));
        CallTracker.mark(call, key);
        Stream stream = new Stream(response, key);
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

    /** Answers a request here with a JSON-RPC error response. */
    private static void answer(HttpServletResponse response, int status, JsonNode id, int code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(errorResponse(id, code, message)));
        response.getWriter().flush();
    }

    private static ObjectNode errorResponse(JsonNode id, int code, String message) {
        ObjectNode error = JSON.createObjectNode().put("jsonrpc", "2.0");
        error.set("id", id == null || !(id.isTextual() || id.isIntegralNumber()) ? JSON.nullNode() : id);
        error.putObject("error").put("code", code).put("message", message);
        return error;
    }

    /**
     * The response with the error bodies the SDK writes replaced by JSON-RPC error responses: it
     * serialises its Java exception whole ({@code {"jsonRpcError": {...}, "stackTrace": [...]}}),
     * which tells a client nothing a JSON-RPC error would not, and shows it the server's insides.
     * A body is held back only once a status of 400 or more is set, and written by {@link #finish}.
     */
    private static final class ErrorBodies extends HttpServletResponseWrapper {

        private ByteArrayOutputStream held;
        private PrintWriter heldWriter;

        ErrorBodies(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int status) {
            super.setStatus(status);
            if (status >= 400 && held == null && !isCommitted()) {
                held = new ByteArrayOutputStream();
            }
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (held == null) {
                return super.getWriter();
            }
            if (heldWriter == null) {
                heldWriter = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8));
            }
            return heldWriter;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (held == null) {
                return super.getOutputStream();
            }
            ByteArrayOutputStream into = held;
            return new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new IllegalStateException("an error body is written at once");
                }

                @Override
                public void write(int b) {
                    into.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    into.write(b, off, len);
                }
            };
        }

        @Override
        public void setContentLength(int length) {
            if (held == null) {
                super.setContentLength(length);
            }
        }

        @Override
        public void setContentLengthLong(long length) {
            if (held == null) {
                super.setContentLengthLong(length);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (held == null) {
                super.flushBuffer();
            }
        }

        /** Writes the held error body: as a JSON-RPC error when it is the SDK's exception, else as it was. */
        void finish() throws IOException {
            if (held == null) {
                return;
            }
            if (heldWriter != null) {
                heldWriter.flush();
            }
            byte[] body = held.toByteArray();
            held = null;
            JsonNode error = null;
            try {
                JsonNode written = body.length == 0 ? null : JSON.readTree(body);
                error = written == null ? null : written.get("jsonRpcError");
            } catch (IOException e) {
                // not JSON: passed on as it is
            }
            ServletResponse real = getResponse();
            if (error != null && error.isObject()) {
                ObjectNode reply = errorResponse(null, error.path("code").asInt(StdioLineGuard.INVALID_REQUEST),
                        error.path("message").asText("the request was refused"));
                if (error.hasNonNull("data")) {
                    ((ObjectNode) reply.get("error")).set("data", error.get("data"));
                }
                body = JSON.writeValueAsBytes(reply);
                real.setContentType("application/json");
            }
            real.setContentLength(body.length);
            real.getOutputStream().write(body);
            real.flushBuffer();
        }
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
