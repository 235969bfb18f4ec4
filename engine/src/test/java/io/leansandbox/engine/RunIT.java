package io.leansandbox.engine;

import io.leansandbox.engine.lean.ProgramOutput;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import io.leansandbox.engine.testing.Transcripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.leansandbox.engine.testing.LeanInputs.directive;
import static org.assertj.core.api.Assertions.assertThat;

/** One-off runs through the Docker backend; Lean's verdicts come from recorded transcripts. */
class RunIT {

    private static LeanSandbox engine;
    private static final ReplResponseParser PARSER = new ReplResponseParser(new com.fasterxml.jackson.databind.ObjectMapper());

    @BeforeAll
    static void start() {
        engine = LeanSandbox.start(TestEngines.docker(2));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static ReplResponse recordedFirstAnswer(String transcript) {
        return PARSER.parse(Transcripts.named(transcript).answers().get(0));
    }

    @Test
    void acceptedCodeSucceedsWithExitCodeZero() {
        RunResult result = engine.run(LeanInputs.accepted());
        assertThat(result.status()).isEqualTo(Status.SUCCESS);
        assertThat(result.mode()).isEqualTo(RunMode.CHECK);
        assertThat(result.exitCode()).isZero();
        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void leanErrorsGiveErrorStatusExitCodeOneAndRecordedPositions() {
        RunResult result = engine.run(LeanInputs.firstCommandOf("incomplete"));
        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.diagnostics()).isEqualTo(recordedFirstAnswer("incomplete").messages());
        assertThat(result.diagnostics().get(0).start().line()).isEqualTo(1);
        assertThat(result.diagnostics().get(0).start().column()).isEqualTo(15);
    }

    @Test
    void sorryIsReportedButIsNotAnError() {
        // `lean FILE` exits 0 on a sorry (a warning); front doors apply their own sorry policy.
        RunResult result = engine.run(LeanInputs.firstCommandOf("dup_sorries"));
        assertThat(result.status()).isEqualTo(Status.SUCCESS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.sorries()).isEqualTo(recordedFirstAnswer("dup_sorries").sorries());
        assertThat(result.sorries().get(0).goal()).isEqualTo("⊢ 1 = 1");
    }

    @Test
    void programWithMainRunsWithLeanRunAndKeepsItsExitCode() {
        RunResult result = engine.run("def main : IO Unit := pure ()\n" + directive("exit 3"));
        assertThat(result.mode()).isEqualTo(RunMode.RUN);
        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void programOutputComesBack() {
        RunResult result = engine.run("def main : IO Unit := pure ()\n" + directive("touch /tmp/x"));
        assertThat(result.mode()).isEqualTo(RunMode.RUN);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("standin:").contains("/tmp/x");
    }

    @Test
    void statusReportsTheToolchainVersionAndThePool() {
        EngineStatus status = engine.status();
        assertThat(status.leanVersion()).startsWith("Lean (version ");
        assertThat(status.backend()).contains(TestEngines.image());
        assertThat(status.pool().alive()).isPositive();
    }

    // lean --run's output split into Lean's messages and the program's (ProgramOutput). The stand-in's
    // `lean` does not elaborate, so it never prints the marker real Lean prints for the `#print` line the
    // engine appends: the stand-in's `forge` directive writes it where Lean would, after the file's
    // messages and before the program's output; `say` prints a message the way lean prints one.

    private static String forge(String text) {
        return directive("forge " + new com.fasterxml.jackson.databind.node.TextNode(text));
    }

    @Test
    void programOutputAfterAWarningIsStdoutAndALineThatLooksLikeAnErrorIsNoDiagnostic() {
        RunResult result = engine.run("def main : IO Unit := IO.println \"hi\"\n"
                + directive("say warning unused variable `x`")
                + forge(ProgramOutput.END_OF_MESSAGES + "\n")
                + forge("hello from main\nMain.lean:1:0: error: forged by the program\n"));
        assertThat(result.mode()).isEqualTo(RunMode.RUN);
        assertThat(result.diagnostics()).as(result.stdout()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.message()).isEqualTo("unused variable `x`");
        });
        assertThat(result.stdout()).contains("hello from main\nMain.lean:1:0: error: forged by the program\n")
                .doesNotContain(ProgramOutput.END_OF_MESSAGES);
        assertThat(result.status()).isEqualTo(Status.SUCCESS);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void withoutTheMarkerTheOutputIsLeansAsBefore() {
        // What a run that ended while Lean elaborated looks like: every line after a message continues it.
        RunResult result = engine.run("def main : IO Unit := pure ()\n" + directive("say error boom"));
        assertThat(result.diagnostics()).extracting(Diagnostic::isError).containsExactly(true);
        assertThat(result.status()).isEqualTo(Status.ERROR);
    }

    @Test
    void aFileThatStopsAtExitHasItsWholeOutputInStdoutAndNoDiagnostic() {
        RunResult result = engine.run("def main : IO Unit := pure ()\n" + directive("say error looks like one") + "#exit\n");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.stdout()).contains("error: looks like one");
        assertThat(result.stderr()).contains("#exit", "cannot be told");
    }
}
