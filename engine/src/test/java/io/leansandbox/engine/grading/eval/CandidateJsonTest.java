package io.leansandbox.engine.grading.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.grading.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one JSON shape of a graded candidate: written, read back, and what a failure becomes. */
class CandidateJsonTest {

    private static final GradedCandidate SAMPLE = new GradedCandidate(new AttemptKey("mathd_1", 3), Verdict.AXIOM_VIOLATION, Trust.GOLD,
            Map.of("t", List.of("propext", "Lean.ofReduceBool")),
            List.of(new GradedCandidate.Message("warning", 7, 2, "unused `h`"), new GradedCandidate.Message("error", null, null, "x")),
            "t depends on Lean.ofReduceBool", 812);

    @Test
    void aLineReadsBackAsTheSameResult() throws Exception {
        String line = JsonLines.JSON.writeValueAsString(CandidateJson.line(SAMPLE));
        assertThat(line).isEqualTo("{\"problem\":\"mathd_1\",\"attempt\":3,\"verdict\":\"axiom_violation\",\"trust\":\"gold\","
                + "\"axioms\":{\"t\":[\"propext\",\"Lean.ofReduceBool\"]},\"diagnostics\":[{\"severity\":\"warning\",\"line\":7,"
                + "\"column\":2,\"message\":\"unused `h`\"},{\"severity\":\"error\",\"line\":null,\"column\":null,\"message\":\"x\"}],"
                + "\"explanation\":\"t depends on Lean.ofReduceBool\",\"time_ms\":812}");
        assertThat(CandidateJson.parse(JsonLines.object(line))).isEqualTo(SAMPLE);
        assertThat(CandidateJson.gradeFields(SAMPLE).keySet()).containsExactly("verdict", "trust", "axioms", "diagnostics", "explanation", "time_ms");
    }

    @Test
    void aLineWithoutItsKeyOrVerdictIsRefused() {
        ObjectNode noVerdict = JsonLines.object("{\"problem\": \"p\", \"attempt\": 0, \"trust\": \"fast\", \"time_ms\": 1}");
        assertThatThrownBy(() -> CandidateJson.parse(noVerdict)).hasMessage("missing 'verdict'");
        ObjectNode badAttempt = JsonLines.object("{\"problem\": \"p\", \"attempt\": 1.5, \"verdict\": \"valid\", \"trust\": \"fast\", \"time_ms\": 1}");
        assertThatThrownBy(() -> CandidateJson.parse(badAttempt)).hasMessage("missing or bad 'attempt'");
    }

    @Test
    void aRefusedSourceIsUnverifiedAndAnyOtherFailureAnInfraError() {
        AttemptKey key = new AttemptKey("p", 0);
        GradedCandidate refused = GradedCandidate.failed(key, Trust.FAST, new InvalidSourceException("the source is empty"), 1);
        assertThat(refused.verdict()).isEqualTo(Verdict.UNVERIFIED);
        assertThat(refused.explanation()).isEqualTo("the engine refused the source, so nothing was checked: the source is empty");
        GradedCandidate failed = GradedCandidate.failed(key, Trust.GOLD, new IllegalStateException("agent died"), 5);
        assertThat(failed.verdict()).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(failed.trust()).as("no grade reached gold").isEqualTo(Trust.FAST);
        assertThat(failed.explanation()).isEqualTo("the grader failed: agent died");
    }

    @Test
    void junitTextDropsWhatXmlCannotHold() {
        assertThat(JunitReport.clean("a\u0000b\u0007c\td\ne ⊢ \uD83D\uDE00")).isEqualTo("abc\td\ne ⊢ \uD83D\uDE00");
    }
}
