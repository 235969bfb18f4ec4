package io.leansandbox.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Stands between stdin and the SDK's stdio transport, which ends the whole session at the first line
 * that is not a JSON-RPC message (or that is longer than its limit). This stream hands the SDK only
 * lines it will accept; any other line is answered here, on stdout, with a JSON-RPC error response
 * (-32700 parse error for a line that is not JSON, -32600 invalid request for JSON that is not a
 * JSON-RPC message or a line over {@link #MAX_LINE_BYTES}, -32602 invalid params for a
 * {@code tools/call} whose params the SDK could not read, see {@link ToolCallParams}), and the
 * session goes on. A {@code tools/call} whose id is that of a call still running is refused too
 * (-32600): the client could not tell the two answers apart.
 *
 * <p>Error responses carry the request's id when one can be read (so a client waiting for that id gets
 * its answer), else {@code null}, as JSON-RPC 2.0 prescribes. They are written under the lock the SDK
 * takes on the same output stream, so they never interleave with its messages. Blank lines are skipped.
 *
 * <p>With a {@link CallTracker}, this is also where cancellation starts on stdio (the SDK has none):
 * each {@code tools/call} is reported to the tracker and marked with its call key, and a
 * {@code notifications/cancelled} cancels the call it names and goes no further. The end of input
 * cancels every call in flight.
 */
final class StdioLineGuard extends InputStream {

    /** Longest line passed on, in bytes: below the SDK's own limit of 16 MiB characters, which would end the session. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024 - 16;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;

    private static final Logger log = LoggerFactory.getLogger(StdioLineGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /**
     * Writes the tool calls this stream rewrites (to mark them) with every UTF-16 surrogate escaped: a
     * lone one (an escape such as backslash-u-d800 with no pair) then reaches the tool as the client
     * sent it, and the engine refuses the source naming it, instead of becoming a {@code ?} when
     * encoded as UTF-8.
     */
    private static final ObjectMapper RELAY = new ObjectMapper(new JsonFactory().setCharacterEscapes(new SurrogateEscapes()));

    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;
    private final CallTracker tracker;
    private final McpJsonMapper mcpJson = McpJsonDefaults.getMapper();
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferStart;
    private int bufferEnd;
    private boolean inputEnded;
    private byte[] line;
    private int linePosition;
    private long lineNumber;

    /** Reads from {@code in}; answers bad lines on {@code out}, which must be the stream the SDK writes to. */
    StdioLineGuard(InputStream in, OutputStream out) {
        this(in, out, MAX_LINE_BYTES, null);
    }

    /** Also reports tool calls and cancellations to {@code tracker}. */
    StdioLineGuard(InputStream in, OutputStream out, CallTracker tracker) {
        this(in, out, MAX_LINE_BYTES, tracker);
    }

    StdioLineGuard(InputStream in, OutputStream out, int maxLineBytes) {
        this(in, out, maxLineBytes, null);
    }

    StdioLineGuard(InputStream in, OutputStream out, int maxLineBytes, CallTracker tracker) {
        this.in = in;
        this.out = out;
        this.maxLineBytes = maxLineBytes;
        this.tracker = tracker;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[linePosition++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, line.length - linePosition);
        System.arraycopy(line, linePosition, into, offset, n);
        linePosition += n;
        return n;
    }

    @Override
    public int available() {
        return line == null ? 0 : line.length - linePosition;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes sure there is a line to hand out; false at the end of input. */
    private boolean fill() throws IOException {
        while (line == null || linePosition >= line.length) {
            line = nextAcceptedLine();
            linePosition = 0;
            if (line == null) {
                return false;
            }
        }
        return true;
    }

    /** The next line the SDK will accept, with its newline; bad lines on the way are answered. Null at the end of input. */
    private byte[] nextAcceptedLine() throws IOException {
        while (true) {
            RawLine raw = readLine();
            if (raw == null) {
                if (tracker != null) {
                    tracker.connectionEnded(LeanMcpServer.STDIO, "the client closed stdin");
                }
                return null;
            }
            lineNumber++;
            if (raw.bytes == null) {
                reject(INVALID_REQUEST, "message of more than " + maxLineBytes + " bytes refused", raw.id);
                continue;
            }
            if (isBlank(raw.bytes)) {
                continue;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw.bytes)).toString();
            } catch (CharacterCodingException e) {
                reject(PARSE_ERROR, "Parse error: the line is not valid UTF-8", null);
                continue;
            }
            JsonNode tree;
            try {
                tree = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                reject(PARSE_ERROR, "Parse error: the line is not JSON: " + e.getOriginalMessage(), null);
                continue;
            }
            if (!tree.isObject()) {
                reject(INVALID_REQUEST, "Invalid Request: a message must be a JSON object (batches are not supported)", null);
                continue;
            }
            String problem = problemWith(tree, text);
            if (problem != null) {
                reject(INVALID_REQUEST, "Invalid Request: " + problem, validId(tree.get("id")));
                continue;
            }
            String badParams = ToolCallParams.problem(tree);
            if (badParams != null) {
                reject(ToolCallParams.INVALID_PARAMS, "Invalid params: " + badParams, tree.get("id"));
                continue;
            }
            if (tracker != null && CallTracker.isCancellation(tree)) {
                JsonNode params = tree.path("params");
                if (params.hasNonNull("requestId")) {
                    tracker.cancelRequested(LeanMcpServer.STDIO, params.get("requestId"),
                            params.path("reason").isTextual() ? params.get("reason").asText() : null);
                }
                continue; // the SDK knows no such notification: it would only log it
            }
            if (tracker != null && CallTracker.isToolCall(tree)) {
                ObjectNode call = (ObjectNode) tree;
                if (tracker.inFlight(LeanMcpServer.STDIO, call.get("id"))) {
                    // Both answers would carry the same id, and the client could not tell them apart.
                    reject(INVALID_REQUEST, "Invalid Request: id " + call.get("id") + " is the id of a tools/call still "
                            + "running; give every request an id of its own", call.get("id"));
                    continue;
                }
                CallTracker.mark(call, tracker.arrived(LeanMcpServer.STDIO, call.get("id")));
                byte[] bytes = RELAY.writeValueAsBytes(call);
                byte[] withNewline = Arrays.copyOf(bytes, bytes.length + 1);
                withNewline[bytes.length] = '\n';
                return withNewline;
            }
            byte[] accepted = Arrays.copyOf(raw.bytes, raw.bytes.length + 1);
            accepted[raw.bytes.length] = '\n';
            return accepted;
        }
    }

    /** Why the SDK would refuse this JSON object as a JSON-RPC message, or null if it is one. */
    private String problemWith(JsonNode message, String text) {
        JsonNode version = message.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
            return "\"jsonrpc\" must be \"2.0\"";
        }
        JsonNode id = message.get("id");
        if (message.has("method") && id != null && validId(id) == null) {
            // The SDK says so too, but inside a Jackson exception's name and the class it could not construct.
            return "\"id\" must be a string or an integer, got " + ToolCallParams.type(id);
        }
        try {
            McpSchema.deserializeJsonRpcMessage(mcpJson, text);
            return null;
        } catch (Exception e) {
            String reason = e.getMessage();
            String first = reason == null ? e.getClass().getSimpleName() : reason.lines().findFirst().orElse(reason);
            return first.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        }
    }

    private void reject(int code, String message, JsonNode id) {
        log.warn("stdin line {} refused ({}); the session goes on", lineNumber, message);
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? JSON.nullNode() : id);
        response.putObject("error").put("code", code).put("message", message);
        try {
            byte[] bytes = (JSON.writeValueAsString(response) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) { // the lock the SDK's stdio transport holds while it writes a message
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            log.warn("could not answer stdin line {}: {}", lineNumber, e.toString());
        }
    }

    /** A JSON-RPC id (a string or an integer), or null. */
    private static JsonNode validId(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The next line without its line end; {@code bytes} is null for a line over the limit, whose
     * top-level id is read on the fly. Null at the end of input.
     */
    private RawLine readLine() throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        IdSniffer sniffer = null;
        boolean sawAnything = false;
        while (true) {
            if (bufferStart == bufferEnd) {
                if (inputEnded || !refill()) {
                    if (!sawAnything) {
                        return null;
                    }
                    break;
                }
            }
            sawAnything = true;
            int newline = indexOf(buffer, (byte) '\n', bufferStart, bufferEnd);
            int end = newline < 0 ? bufferEnd : newline;
            int length = end - bufferStart;
            if (sniffer == null && kept.size() + length > maxLineBytes) {
                sniffer = new IdSniffer();
                sniffer.feed(kept.toByteArray(), 0, kept.size());
                kept = null;
            }
            if (sniffer != null) {
                sniffer.feed(buffer, bufferStart, length);
            } else {
                kept.write(buffer, bufferStart, length);
            }
            bufferStart = newline < 0 ? bufferEnd : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        if (sniffer != null) {
            return new RawLine(null, sniffer.id());
        }
        byte[] bytes = kept.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new RawLine(bytes, null);
    }

    private boolean refill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            inputEnded = true;
            return false;
        }
        bufferStart = 0;
        bufferEnd = n;
        return true;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private record RawLine(byte[] bytes, JsonNode id) {
    }

    /** Escapes every UTF-16 surrogate as a JSON escape (backslash, u, four hex digits); a pair as two, which JSON reads back as the pair. */
    private static final class SurrogateEscapes extends CharacterEscapes {

        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** Finds the top-level "id" of a JSON object fed in pieces, without keeping the pieces. */
    private static final class IdSniffer {

        private final JsonParser parser;
        private int depth;
        private boolean nextIsId;
        private JsonNode id;
        private boolean done;

        IdSniffer() {
            JsonParser created;
            try {
                created = new JsonFactory().createNonBlockingByteArrayParser();
            } catch (IOException e) {
                created = null;
            }
            parser = created;
            done = parser == null;
        }

        void feed(byte[] bytes, int offset, int length) {
            if (done || length == 0) {
                return;
            }
            try {
                ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(bytes, offset, offset + length);
                for (JsonToken token; (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE; ) {
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        depth++;
                    } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                        depth--;
                    } else if (token == JsonToken.FIELD_NAME) {
                        nextIsId = depth == 1 && "id".equals(parser.currentName());
                        continue;
                    } else if (nextIsId) {
                        if (token == JsonToken.VALUE_STRING) {
                            id = JSON.getNodeFactory().textNode(parser.getText());
                        } else if (token == JsonToken.VALUE_NUMBER_INT) {
                            id = JSON.getNodeFactory().numberNode(parser.getBigIntegerValue());
                        }
                    }
                    nextIsId = false;
                    if (id != null) {
                        done = true;
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                done = true; // not JSON: no id to find
            }
        }

        JsonNode id() {
            return id;
        }
    }
}
