package io.leansandbox.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading tool results in tests. */
final class ToolResults {

    private ToolResults() {
    }

    /** The one text content of a result. */
    static String text(CallToolResult result) {
        assertThat(result.content()).singleElement().isInstanceOf(TextContent.class);
        return ((TextContent) result.content().get(0)).text();
    }

    /** A successful call: not an error, with structured content that the SDK will accept for {@code tool}. */
    static Map<String, Object> structured(Tool tool, CallToolResult result) {
        assertThat(result.isError()).as("isError of %s", text(result)).isFalse();
        return conforming(tool, result);
    }

    /** The structured content, checked with the SDK's own validator against the tool's output schema. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> conforming(Tool tool, CallToolResult result) {
        assertThat(result.structuredContent()).as("structured content").isInstanceOf(Map.class);
        var response = McpJsonDefaults.getSchemaValidator().validate(tool.outputSchema(), result.structuredContent());
        assertThat(response.valid()).as("%s: %s", result.structuredContent(), response.errorMessage()).isTrue();
        return (Map<String, Object>) result.structuredContent();
    }

    /** A failed call: {@code isError}, and its text. */
    static String error(CallToolResult result) {
        assertThat(result.isError()).as("isError of %s", result).isTrue();
        return text(result);
    }
}
