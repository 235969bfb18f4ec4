package io.leansandbox.mcp;

import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The original server's layout ({@link SeedLayout}, its formatter transcribed) with this project's sections after it. */
class ResultTextTest {

    @Test
    void successWithNothingToSayIsTheOriginalsNoOutput() {
        assertThat(ResultText.seed(Results.success())).isEqualTo(
                SeedLayout.format(Map.of("stdout", "", "status", "success", "exit_code", 0), null) + "\n\nRun Status: SUCCESS");
        assertThat(ResultText.seed(Results.success())).isEqualTo("Status: success\nExit Code: 0\n\nNo output\n\nRun Status: SUCCESS");
    }

    @Test
    void leanErrorsAreTheOutputAndTheFirstErrorIsTheError() {
        assertThat(ResultText.seed(Results.leanError())).isEqualTo(SeedLayout.format(Map.of(
                "stdout", "1:15: error: unsolved goals\n⊢ Nat", "status", "error", "exit_code", 1, "error", "unsolved goals"), null)
                + "\n\nRun Status: ERROR");
        assertThat(ResultText.seed(Results.leanError())).isEqualTo("""
                Status: error
                Exit Code: 1

                Output:
                1:15: error: unsolved goals
                ⊢ Nat

                Error: unsolved goals

                Run Status: ERROR""");
    }

    @Test
    void aSessionsResultStartsWithItsIdAndSorriesFollowTheOriginalsText() {
        assertThat(ResultText.seed("s1", Results.withSorry(), List.of("Notice:\nrestored"))).isEqualTo("""
                Session ID: s1

                Status: success
                Exit Code: 0

                Output:
                1:8: warning: declaration uses 'sorry'

                Run Status: SUCCESS

                Sorries:
                1:25: ⊢ 1 = 1

                Notice:
                restored""");
    }

    @Test
    void everyStatusButSuccessIsTheOriginalsErrorAndItsCauseIsTheError() {
        for (Status status : Status.values()) {
            RunResult result = new RunResult(status, RunMode.CHECK, 137, List.of(), List.of(), "", "killed: the cause", false,
                    Duration.ZERO, Duration.ZERO);
            String word = status == Status.SUCCESS ? "success" : "error";
            String text = ResultText.seed(result);
            assertThat(text).startsWith("Status: " + word + "\nExit Code: 137\n\nNo output").contains("\n\nRun Status: " + status.name());
            if (status != Status.SUCCESS) {
                assertThat(text).contains("\n\nError: killed: the cause\n\n").doesNotContain("Stderr:");
            } else {
                assertThat(text).endsWith("\n\nStderr:\nkilled: the cause");
            }
        }
        assertThat(ResultText.seed(Results.infrastructureError("the sandbox failed: agent died"))).isEqualTo(
                "Status: error\nExit Code: -1\n\nNo output\n\nError: the sandbox failed: agent died\n\nRun Status: INFRASTRUCTURE_ERROR");
    }

    @Test
    void aProgramsOutputIsTheOutputAsLeanRunPrintedIt() {
        assertThat(ResultText.seed(Results.program("hello\n", "uncaught exception: boom\n", 1, false))).isEqualTo("""
                Status: error
                Exit Code: 1

                Output:
                hello

                Error: uncaught exception: boom

                Run Status: ERROR""");
        assertThat(ResultText.seed(Results.program("aaaa", "", 0, true))).endsWith(
                "Output:\naaaa\n\nRun Status: SUCCESS\n\nOutput Truncated: the output passed the limit and was cut");
    }

    @Test
    void theCompactLayoutStaysForTextsThatLeadWithTheirOwnLines() {
        assertThat(ResultText.render(Results.success())).isEqualTo("Status: SUCCESS\nExit Code: 0");
        assertThat(ResultText.render(Results.withSorry())).isEqualTo("""
                Status: SUCCESS
                Exit Code: 0
                Output:
                1:8: warning: declaration uses 'sorry'
                Sorries:
                1:25: ⊢ 1 = 1""");
        assertThat(ResultText.render(Results.infrastructureError("the sandbox failed: agent died"))).isEqualTo("""
                Status: INFRASTRUCTURE_ERROR
                Exit Code: -1
                Error:
                the sandbox failed: agent died""");
    }
}
