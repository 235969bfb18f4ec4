package io.leansandbox.engine;

import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplResponseParser;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
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
}
