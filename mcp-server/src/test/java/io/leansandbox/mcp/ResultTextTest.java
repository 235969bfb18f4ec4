package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTextTest {

    @Test
    void successWithNothingToSayIsTwoLines() {
        assertThat(ResultText.render(Results.success())).isEqualTo("Status: SUCCESS\nExit Code: 0");
    }

    @Test
    void leanMessagesAreTheOutputAsLeanPrintsThem() {
        assertThat(ResultText.render(Results.leanError())).isEqualTo("""
                Status: ERROR
                Exit Code: 1
                Output:
                1:15: error: unsolved goals
                ⊢ Nat""");
    }

    @Test
    void sorriesAreListedWithTheirGoals() {
        assertThat(ResultText.render(Results.withSorry())).isEqualTo("""
                Status: SUCCESS
                Exit Code: 0
                Output:
                1:8: warning: declaration uses 'sorry'
                Sorries:
                1:25: ⊢ 1 = 1""");
    }

    @Test
    void programOutputAndStderrGetTheirOwnSections() {
        assertThat(ResultText.render(Results.program("hello\n", "uncaught exception: boom\n", 1, false))).isEqualTo("""
                Status: ERROR
                Exit Code: 1
                Output:
                hello
                Error:
                uncaught exception: boom""");
    }

    @Test
    void truncatedOutputSaysSo() {
        assertThat(ResultText.render(Results.program("aaaa", "", 0, true))).isEqualTo("""
                Status: SUCCESS
                Exit Code: 0
                Output:
                aaaa
                (output truncated)""");
    }

    @Test
    void messagesComeBeforeProgramOutput() {
        RunResult both = new RunResult(Status.SUCCESS, RunMode.RUN, 0, Results.withSorry().diagnostics(), List.of(),
                "out\n", "", false, Duration.ZERO, Duration.ZERO);
        assertThat(ResultText.render(both)).contains("Output:\n1:8: warning: declaration uses 'sorry'\nout");
    }

    @Test
    void infrastructureErrorShowsItsCauseAsTheError() {
        assertThat(ResultText.render(Results.infrastructureError("the sandbox failed: agent died"))).isEqualTo("""
                Status: INFRASTRUCTURE_ERROR
                Exit Code: -1
                Error:
                the sandbox failed: agent died""");
    }

    @Test
    void everyStatusRendersByItsName() {
        for (Status status : Status.values()) {
            RunResult result = new RunResult(status, RunMode.CHECK, 137, List.of(), List.of(), "", "", false, Duration.ZERO, Duration.ZERO);
            assertThat(ResultText.render(result)).startsWith("Status: " + status.name() + "\nExit Code: 137");
        }
    }
}
