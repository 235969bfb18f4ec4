package io.leansandbox.maven;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.leansandbox.maven.Outcomes.diagnostic;
import static io.leansandbox.maven.Outcomes.erroneous;
import static io.leansandbox.maven.Outcomes.judged;
import static io.leansandbox.maven.Outcomes.unsolvedGoals;
import static io.leansandbox.maven.Outcomes.usesSorry;
import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSummaryTest {

    @Test
    void fileLineShowsStatusPathAndTime() {
        assertThat(ConsoleSummary.fileLine(judged("Foo/Bar.lean", Outcomes.valid())))
                .isEqualTo("OK       src/main/lean/Foo/Bar.lean (412 ms)");
        assertThat(ConsoleSummary.fileLine(judged("A.lean", unsolvedGoals())))
                .isEqualTo("ERROR    src/main/lean/A.lean (412 ms)");
        assertThat(ConsoleSummary.fileLine(FileOutcome.unchanged(Outcomes.file("A.lean"))))
                .isEqualTo("UNCHANGED src/main/lean/A.lean (unchanged)");
    }

    @Test
    void findingsAreLinkableLocationsWithLeansLineAndColumn() {
        assertThat(ConsoleSummary.findings(judged("A.lean", unsolvedGoals()), 10))
                .containsExactly("/work/project/src/main/lean/A.lean:1:15: error: unsolved goals\n    ⊢ Nat");
    }

    @Test
    void sorriesAreListedWithTheirGoalAfterLeansWarning() {
        assertThat(ConsoleSummary.findings(judged("A.lean", usesSorry()), 10)).containsExactly(
                "/work/project/src/main/lean/A.lean:1:8: warning: declaration uses `sorry`",
                "/work/project/src/main/lean/A.lean:1:24: warning: sorry\n    ⊢ 1 = 1");
    }

    @Test
    void infoMessagesStayOutOfTheConsole() {
        FileOutcome o = judged("A.lean", erroneous(
                diagnostic(Severity.INFO, 1, 0, "f : Nat"), diagnostic(Severity.ERROR, 2, 7, "unknown identifier 'g'")));
        assertThat(ConsoleSummary.findings(o, 10)).containsExactly("/work/project/src/main/lean/A.lean:2:7: error: unknown identifier 'g'");
        assertThat(ConsoleSummary.allFindings(o, true)).hasSize(2);
    }

    @Test
    void findingsWithoutAPositionNameTheFile() {
        FileOutcome o = judged("A.lean", Outcomes.timedOut());
        assertThat(ConsoleSummary.findings(o, 10)).singleElement().asString()
                .startsWith("/work/project/src/main/lean/A.lean: error: no verdict: the check reached the time limit of 30 s");
    }

    @Test
    void onlyTheFirstFindingsArePrinted() {
        List<Diagnostic> many = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            many.add(diagnostic(Severity.ERROR, i, 0, "error " + i));
        }
        List<String> shown = ConsoleSummary.findings(judged("A.lean", erroneous(many.toArray(Diagnostic[]::new))), 10);
        assertThat(shown).hasSize(11);
        assertThat(shown.get(9)).endsWith(":10:0: error: error 10");
        assertThat(shown.get(10)).isEqualTo("... and 3 more in the report");
    }

    @Test
    void totalsCountCheckedPassedFailedAndUnchanged() {
        List<FileOutcome> outcomes = List.of(
                judged("A.lean", Outcomes.valid()),
                judged("B.lean", unsolvedGoals()),
                judged("C.lean", Outcomes.warned()),
                FileOutcome.unchanged(Outcomes.file("D.lean")));
        assertThat(ConsoleSummary.totals(outcomes, Duration.ofMillis(2345)))
                .isEqualTo("Lean files: 4, checked: 3, passed: 2, failed: 1, unchanged: 1, time: 2.3 s");
    }

    @Test
    void failureMessageListsEachFailingFileWithItsFirstFinding() {
        List<FileOutcome> outcomes = List.of(judged("A.lean", Outcomes.valid()), judged("B.lean", unsolvedGoals()),
                judged("C.lean", usesSorry()), judged("D.lean", Outcomes.unverified()));
        assertThat(ConsoleSummary.failureMessage(outcomes, "target/lean-sandbox-reports/TEST-lean-sandbox-default-cli.xml"))
                .isEqualTo("""
                        3 of 4 Lean files failed the check (report: target/lean-sandbox-reports/TEST-lean-sandbox-default-cli.xml):
                          ERROR src/main/lean/B.lean
                            /work/project/src/main/lean/B.lean:1:15: error: unsolved goals
                          SORRY src/main/lean/C.lean
                            /work/project/src/main/lean/C.lean:1:8: warning: declaration uses `sorry`
                          UNVERIFIED src/main/lean/D.lean
                            /work/project/src/main/lean/D.lean: error: t is unverified: Lean did not report the axioms of t""");
    }

    @Test
    void timesUnderASecondAreMilliseconds() {
        assertThat(ConsoleSummary.time(Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(ConsoleSummary.time(Duration.ofMillis(61_250))).isEqualTo("61.3 s");
    }
}
