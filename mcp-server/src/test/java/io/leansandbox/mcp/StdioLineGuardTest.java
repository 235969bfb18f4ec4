package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StdioLineGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private final ByteArrayOutputStream answers = new ByteArrayOutputStream();

    @Test
    void messagesPassUnchangedAndLineEndsAreNormalised() throws IOException {
        String passed = through(PING + "\r\n" + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", 1 << 20);
        assertThat(passed).isEqualTo(PING + "\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
        assertThat(answers.size()).isZero();
    }

    @Test
    void badLinesAreAnsweredAndDropped() throws IOException {
        String passed = through(String.join("\n", "not json", PING, "[1]", "{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":4}", "", PING), 1 << 20);
        assertThat(passed).isEqualTo(PING + "\n" + PING + "\n");
        List<JsonNode> errors = answered();
        assertThat(errors).extracting(e -> e.at("/error/code").asInt()).containsExactly(-32700, -32600, -32600, -32600);
        assertThat(errors).extracting(e -> e.get("id").toString()).containsExactly("null", "null", "\"a\"", "4");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("jsonrpc").asText()).isEqualTo("2.0"));
    }

    @Test
    void aLineOverTheLimitIsRefusedWithTheIdItCarries() throws IOException {
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"id\":99,\"code\":\"" + "x".repeat(500) + "\"},\"id\":7}";
        String passed = through(big + "\n" + PING, 100);
        assertThat(passed).isEqualTo(PING + "\n");
        JsonNode error = answered().get(0);
        assertThat(error.get("id").asInt()).as("the top-level id, not the nested one").isEqualTo(7);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(error.at("/error/message").asText()).contains("100 bytes");
    }

    @Test
    void invalidUtf8IsAParseError() throws IOException {
        byte[] input = {'{', (byte) 0xff, '}', '\n'};
        StdioLineGuard guard = new StdioLineGuard(new ByteArrayInputStream(input), answers, 1 << 20);
        assertThat(guard.readAllBytes()).isEmpty();
        assertThat(answered().get(0).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void toolCallsWhoseParamsTheSdkCannotReadAreInvalidParamsNamingTheField() throws IOException {
        String passed = through(String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"n\":[1e400]}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"n\":1e300}}}"), 1 << 20);
        assertThat(passed).as("the one the SDK can read").contains("\"id\":6").doesNotContain("\"id\":5");
        List<JsonNode> errors = answered();
        assertThat(errors).extracting(e -> e.get("id").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(errors).allSatisfy(e -> assertThat(e.at("/error/code").asInt()).isEqualTo(ToolCallParams.INVALID_PARAMS));
        assertThat(errors).extracting(e -> e.at("/error/message").asText()).containsExactly(
                "Invalid params: tools/call needs params {\"name\": TOOL, \"arguments\": {...}}",
                "Invalid params: params must be an object {\"name\": TOOL, \"arguments\": {...}}, got an array",
                "Invalid params: params.name is missing: give the name of a tool (tools/list lists them)",
                "Invalid params: params.arguments must be an object of the tool's arguments by name, got a string",
                "Invalid params: params.arguments.n[0] is a number too large to use (its magnitude is above 1.8e308)");
    }

    @Test
    void anIdThatIsNeitherAStringNorAnIntegerIsNamed() throws IOException {
        assertThat(through("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", 1 << 20)).isEmpty();
        assertThat(answered().get(0).at("/error/message").asText()).isEqualTo("Invalid Request: \"id\" must be a string or an integer, got a number");
    }

    @Test
    void aToolCallWithTheIdOfOneInFlightIsRefusedAndLoneSurrogatesPassEscaped() throws IOException {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"code\":\"a\\ud800\"}}}";
        try (CallTracker tracker = new CallTracker()) {
            StdioLineGuard guard = new StdioLineGuard(new ByteArrayInputStream((call + "\n" + call + "\n").getBytes(StandardCharsets.UTF_8)),
                    answers, 1 << 20, tracker);
            String passed = new String(guard.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(passed.lines()).as("the first only").hasSize(1);
            assertThat(JSON.readTree(passed).at("/params/arguments/code").asText()).as("the lone surrogate, as sent").isEqualTo("a\ud800");
            assertThat(tracker.inFlight(LeanMcpServer.STDIO, JSON.valueToTree(9))).isTrue();
        }
        JsonNode refused = answered().get(0);
        assertThat(refused.get("id").asInt()).isEqualTo(9);
        assertThat(refused.at("/error/message").asText()).isEqualTo(
                "Invalid Request: id 9 is the id of a tools/call still running; give every request an id of its own");
    }

    private String through(String input, int limit) throws IOException {
        StdioLineGuard guard = new StdioLineGuard(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), answers, limit);
        return new String(guard.readAllBytes(), StandardCharsets.UTF_8);
    }

    private List<JsonNode> answered() {
        return answers.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).toList();
    }
}
