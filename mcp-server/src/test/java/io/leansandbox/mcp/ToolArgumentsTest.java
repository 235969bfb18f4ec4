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

    @Test
    void anOptionalSessionIdIsAbsentWhenLeftOutOrNull() {
        assertThat(ToolArguments.optionalSessionId(Map.of())).isEmpty();
        assertThat(ToolArguments.optionalSessionId(null)).isEmpty();
        Map<String, Object> nullId = new HashMap<>();
        nullId.put("session_id", null);
        assertThat(ToolArguments.optionalSessionId(nullId)).isEmpty();
        assertThat(ToolArguments.optionalSessionId(Map.of("session_id", "s-1"))).contains("s-1");
        assertThatThrownBy(() -> ToolArguments.optionalSessionId(Map.of("session_id", "")))
                .hasMessage("argument 'session_id' is empty: leave it out to open a new session");
    }

    @Test
    void aRequiredSessionIdMustBeGiven() {
        assertThat(ToolArguments.sessionId(Map.of("session_id", "s-1"))).isEqualTo("s-1");
        assertThatThrownBy(() -> ToolArguments.sessionId(Map.of()))
                .hasMessage("missing required argument 'session_id' (the id a persistent tool returned, as a string)");
    }

    @Test
    void aProofStateIsAWholeNumberFromZeroUp() {
        assertThat(ToolArguments.proofState(Map.of("proof_state", 0))).isZero();
        assertThat(ToolArguments.proofState(Map.of("proof_state", 7L))).isEqualTo(7);
        assertThat(ToolArguments.proofState(Map.of("proof_state", 3.0))).isEqualTo(3);
        assertThat(ToolArguments.proofState(Map.of("proof_state", new java.math.BigInteger("12")))).isEqualTo(12);
        assertThatThrownBy(() -> ToolArguments.proofState(Map.of("proof_state", 2.5))).hasMessageEndingWith("from 0 up, got 2.5");
        assertThatThrownBy(() -> ToolArguments.proofState(Map.of("proof_state", -1))).hasMessageEndingWith("from 0 up, got -1");
        assertThatThrownBy(() -> ToolArguments.proofState(Map.of("proof_state", 1L << 40))).hasMessageContaining("from 0 up");
        assertThatThrownBy(() -> ToolArguments.proofState(Map.of("proof_state", Double.NaN))).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> ToolArguments.proofState(Map.of("proof_state", "1"))).hasMessage("argument 'proof_state' must be an integer, got a string");
        assertThatThrownBy(() -> ToolArguments.proofState(Map.of())).hasMessageStartingWith("missing required argument 'proof_state'");
    }

    @Test
    void allowedAxiomsAreAnArrayOfNames() {
        assertThat(ToolArguments.allowedAxioms(Map.of())).isEmpty();
        assertThat(ToolArguments.allowedAxioms(Map.of("allowed_axioms", List.of(" propext ", "Quot.sound"))))
                .contains(List.of("propext", "Quot.sound"));
        assertThat(ToolArguments.allowedAxioms(Map.of("allowed_axioms", List.of()))).contains(List.of());
        assertThatThrownBy(() -> ToolArguments.allowedAxioms(Map.of("allowed_axioms", "propext"))).hasMessageEndingWith("got a string");
    }

    @Test
    void onlyTheToolsOwnArgumentsAreAccepted() {
        ToolArguments.allowOnly(Map.of("code", "x"), List.of("code", "session_id"));
        ToolArguments.allowOnly(null, List.of());
        assertThatThrownBy(() -> ToolArguments.allowOnly(Map.of("Code", "x"), List.of("code")))
                .hasMessage("unknown argument 'Code' (this tool takes code)");
        assertThatThrownBy(() -> ToolArguments.allowOnly(Map.of("x", 1), List.of()))
                .hasMessage("unknown argument 'x' (this tool takes no arguments)");
    }
}
