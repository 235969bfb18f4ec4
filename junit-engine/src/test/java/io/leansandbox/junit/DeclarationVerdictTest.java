package io.leansandbox.junit;

import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How one file's outcome becomes each declaration's verdict under the sorry and warning policies. */
class DeclarationVerdictTest {

    private static final Declaration FIRST = new Declaration("theorem", "a", 1, 3);
    private static final Declaration SECOND = new Declaration("theorem", "b", 5, 6);

    private static DeclarationVerdict verdict(SorryPolicy sorry, WarningPolicy warnings) {
        return new DeclarationVerdict(new LeanEngineConfiguration(Settings.defaults(), sorry, warnings, 1, List.of()));
    }

    private static FileOutcome outcome(List<Diagnostic> diagnostics, List<Sorry> sorries) {
        return FileOutcome.of(new RunResult(Status.SUCCESS, RunMode.CHECK, 0, diagnostics, sorries, "", "", false,
                Duration.ZERO, Duration.ZERO));
    }

    private static Diagnostic at(int line, Severity severity, String text) {
        return new Diagnostic(severity, new Position(line, 2), null, text);
    }

    @Test
    void onlyDiagnosticsInsideTheDeclarationCount() {
        FileOutcome errorInSecond = outcome(List.of(at(5, Severity.ERROR, "type mismatch")), List.of());
        DeclarationVerdict v = verdict(SorryPolicy.FAIL, WarningPolicy.PASS);
        assertThatCode(() -> v.judge(FIRST, "F.lean", errorInSecond)).doesNotThrowAnyException();
        assertThatThrownBy(() -> v.judge(SECOND, "F.lean", errorInSecond))
                .isInstanceOf(AssertionFailedError.class).hasMessage("F.lean:5:2: error: type mismatch");
    }

    @Test
    void warningsFailOnlyWhenTheirPolicySaysSo() {
        FileOutcome warned = outcome(List.of(at(2, Severity.WARNING, "unused variable `x`")), List.of());
        assertThatCode(() -> verdict(SorryPolicy.FAIL, WarningPolicy.PASS).judge(FIRST, "F.lean", warned)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verdict(SorryPolicy.FAIL, WarningPolicy.FAIL).judge(FIRST, "F.lean", warned))
                .hasMessageContaining("unused variable");
    }

    @Test
    void aSorryFollowsTheSorryPolicyNotTheWarningPolicy() {
        FileOutcome sorry = outcome(List.of(at(1, Severity.WARNING, "declaration uses `sorry`")),
                List.of(new Sorry(new Position(2, 4), null, "⊢ True", 0)));
        assertThatThrownBy(() -> verdict(SorryPolicy.FAIL, WarningPolicy.PASS).judge(FIRST, "F.lean", sorry))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("F.lean:2:4: sorry, goal:\n⊢ True");
        assertThatThrownBy(() -> verdict(SorryPolicy.ABORT, WarningPolicy.FAIL).judge(FIRST, "F.lean", sorry))
                .isInstanceOf(TestAbortedException.class);
        assertThatCode(() -> verdict(SorryPolicy.PASS, WarningPolicy.FAIL).judge(FIRST, "F.lean", sorry)).doesNotThrowAnyException();
    }

    @Test
    void errorsOutsideEveryDeclarationFailTheFile() {
        FileOutcome between = outcome(List.of(at(4, Severity.ERROR, "unknown namespace")), List.of());
        assertThatThrownBy(() -> verdict(SorryPolicy.FAIL, WarningPolicy.PASS).judgeFile(List.of(FIRST, SECOND), "F.lean", between))
                .hasMessage("F.lean:4:2: error: unknown namespace");
    }
}
