package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class JsonDifferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void keyOrderAndLayoutDoNotMatterValuesDo() throws IOException {
        assertThat(JsonDifference.between(json("{\"a\": 1, \"b\": [1, 2]}"), json("{\"b\":[1,2],\"a\":1}"))).isEmpty();
        assertThat(JsonDifference.between(json("{\"env\": 1}"), json("{\"env\": 2}"))).hasValue("at /env: expected 1, got 2");
        assertThat(JsonDifference.between(json("1"), json("\"1\""))).hasValue("at /: expected 1, got \"1\"");
    }

    @Test
    void aMissingOrExtraFieldOrElementIsNamed() throws IOException {
        assertThat(JsonDifference.between(json("{\"env\": 0, \"messages\": []}"), json("{\"env\": 0}")))
                .hasValue("at /messages: expected [], got no such field");
        assertThat(JsonDifference.between(json("{\"env\": 0}"), json("{\"env\": 0, \"sorries\": [1]}")))
                .hasValue("at /sorries: expected no such field, got [1]");
        assertThat(JsonDifference.between(json("{\"goals\": [\"a\", \"b\"]}"), json("{\"goals\": [\"a\"]}")))
                .hasValue("at /goals: expected 2 element(s), got 1 (missing \"b\")");
        assertThat(JsonDifference.between(json("{\"a/b\": 1}"), json("{\"a/b\": 2}"))).hasValue("at /a~1b: expected 1, got 2");
    }

    @Test
    void longValuesAreElided() throws IOException {
        String longText = "x".repeat(500);
        String shown = JsonDifference.between(json("\"" + longText + "\""), json("\"y\"")).orElseThrow();
        assertThat(shown).hasSizeLessThan(250).contains("...(502 chars)");
    }
}
