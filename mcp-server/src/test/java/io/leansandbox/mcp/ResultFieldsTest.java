package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunResult;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFieldsTest {

    @Test
    void carriesEveryPartOfTheResultInAFixedOrder() {
        Map<String, Object> fields = ResultFields.of(Results.success());
        assertThat(fields).containsExactly(
                Map.entry("status", "SUCCESS"),
                Map.entry("mode", "CHECK"),
                Map.entry("exit_code", 0),
                Map.entry("diagnostics", java.util.List.of()),
                Map.entry("sorries", java.util.List.of()),
                Map.entry("stdout", ""),
                Map.entry("stderr", ""),
                Map.entry("output_truncated", false),
                Map.entry("elapsed_ms", 42L));
    }

    @Test
    void diagnosticsHaveLeanSeverityPositionsAndMessage() {
        Map<String, Object> fields = ResultFields.of(Results.leanError());
        assertThat(fields.get("diagnostics")).asList().singleElement().isEqualTo(Map.of(
                "severity", "error", "line", 1, "column", 15, "end_line", 1, "end_column", 32,
                "message", "unsolved goals\n⊢ Nat"));
    }

    @Test
    void anAbsentEndPositionIsNull() {
        Map<String, Object> fields = ResultFields.of(Results.withSorry());
        @SuppressWarnings("unchecked")
        Map<String, Object> warning = (Map<String, Object>) ((java.util.List<?>) fields.get("diagnostics")).get(0);
        assertThat(warning).containsEntry("end_line", null).containsEntry("end_column", null);
    }

    @Test
    void sorriesHavePositionsGoalAndProofState() {
        Map<String, Object> fields = ResultFields.of(Results.withSorry());
        assertThat(fields.get("sorries")).asList().singleElement().isEqualTo(Map.of(
                "line", 1, "column", 25, "end_line", 1, "end_column", 30, "goal", "⊢ 1 = 1", "proof_state", 0));
    }

    @Test
    void programResultsCarryOutputAndTruncation() {
        Map<String, Object> fields = ResultFields.of(Results.program("hi\n", "oops\n", 3, true));
        assertThat(fields).containsEntry("status", "ERROR").containsEntry("mode", "RUN").containsEntry("exit_code", 3)
                .containsEntry("stdout", "hi\n").containsEntry("stderr", "oops\n").containsEntry("output_truncated", true)
                .containsEntry("elapsed_ms", 120L);
    }

    @Test
    void everyKindOfResultMatchesTheAnnouncedOutputSchema() {
        // The SDK checks structured content against the tool's output schema; a mismatch would turn a
        // good result into an error, so every shape of result is checked here with the SDK's validator.
        JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();
        for (RunResult result : java.util.List.of(Results.success(), Results.leanError(), Results.withSorry(),
                Results.program("x", "y", 2, true), Results.infrastructureError("gone"))) {
            var response = validator.validate(ResultFields.OUTPUT_SCHEMA, ResultFields.of(result));
            assertThat(response.valid()).as("%s: %s", result, response.errorMessage()).isTrue();
        }
    }

    @Test
    void theSchemaRequiresTheFieldsThatAreAlwaysThere() {
        assertThat(ResultFields.OUTPUT_SCHEMA.get("required")).asList().containsExactly(
                "status", "mode", "exit_code", "diagnostics", "sorries", "stdout", "stderr", "output_truncated", "elapsed_ms");
    }
}
