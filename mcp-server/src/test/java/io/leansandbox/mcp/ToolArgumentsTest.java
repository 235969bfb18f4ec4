package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolArgumentsTest {

    @Test
    void returnsTheCodeUnchanged() {
        assertThat(ToolArguments.code(Map.of("code", "def f := 37\n"))).isEqualTo("def f := 37\n");
    }

    @Test
    void missingCodeIsNamed() {
        assertThatThrownBy(() -> ToolArguments.code(Map.of("source", "x")))
                .isInstanceOf(ToolArguments.BadArgumentException.class)
                .hasMessageContaining("missing required argument 'code'");
    }

    @Test
    void noArgumentsAtAllIsMissingCode() {
        assertThatThrownBy(() -> ToolArguments.code(null)).hasMessageContaining("missing required argument 'code'");
    }

    @Test
    void nonStringCodeNamesWhatCame() {
        assertThatThrownBy(() -> ToolArguments.code(Map.of("code", 5))).hasMessage("argument 'code' must be a string, got a number");
        assertThatThrownBy(() -> ToolArguments.code(Map.of("code", List.of("a")))).hasMessageEndingWith("got an array");
        assertThatThrownBy(() -> ToolArguments.code(Map.of("code", Map.of()))).hasMessageEndingWith("got an object");
        assertThatThrownBy(() -> ToolArguments.code(Map.of("code", true))).hasMessageEndingWith("got a boolean");
        Map<String, Object> nullCode = new HashMap<>();
        nullCode.put("code", null);
        assertThatThrownBy(() -> ToolArguments.code(nullCode)).hasMessageEndingWith("got null");
    }

    @Test
    void emptyOrBlankCodeIsRefused() {
        assertThatThrownBy(() -> ToolArguments.code(Map.of("code", ""))).hasMessageContaining("argument 'code' is empty");
        assertThatThrownBy(() -> ToolArguments.code(Map.of("code", " \n\t"))).hasMessageContaining("argument 'code' is empty");
    }
}
