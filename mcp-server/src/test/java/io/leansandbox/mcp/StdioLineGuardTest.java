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
