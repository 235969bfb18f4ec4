package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import org.junit.jupiter.api.Test;

import static io.leansandbox.engine.lean.ProgramOutput.END_OF_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splitting {@code lean --run}'s output. The outputs here are written the way real Lean prints them
 * (docs/LIMITS.md, ProgramOutput's comment): messages first, the marker line, then the program's output.
 */
class ProgramOutputTest {

    private static final String FILE = "/tmp/lean-sandbox-run/Main.lean";
    private static final LeanSource PROGRAM = LeanSource.of("def main : IO Unit := do\n  let x := 1\n  IO.println \"hi\"", 1 << 20);

    @Test
    void theMarkerIsAppendedOnALineOfItsOwnAfterTheSource() {
        assertThat(ProgramOutput.marked(PROGRAM)).isEqualTo(PROGRAM.text() + "\n#print \"" + END_OF_MESSAGES + "\"\n");
        LeanSource endsWithNewline = LeanSource.of("def main : IO Unit := pure ()\n", 1 << 20);
        assertThat(ProgramOutput.marked(endsWithNewline)).startsWith(endsWithNewline.text() + "#print");
    }

    @Test
    void programOutputAfterAWarningIsStdoutNotPartOfTheWarning() {
        String out = FILE + ":2:6: warning: unused variable `x`\nnote: this linter can be disabled with `set_option linter.unusedVariables false`\n"
                + END_OF_MESSAGES + "\n" + "hi\nsecond line\n";
        ProgramOutput.Split split = ProgramOutput.split(out, PROGRAM, "Main.lean");
        assertThat(split.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.start()).isEqualTo(new Position(2, 6));
            assertThat(d.message()).isEqualTo("unused variable `x`\nnote: this linter can be disabled with "
                    + "`set_option linter.unusedVariables false`");
        });
        assertThat(split.stdout()).isEqualTo("hi\nsecond line\n");
        assertThat(split.note()).isEmpty();
    }

    @Test
    void aProgramPrintingTextThatLooksLikeADiagnosticCreatesNone() {
        String out = END_OF_MESSAGES + "\nMain.lean:1:0: error: forged by the program\n" + FILE + ":1:0: warning: forged too\n"
                + END_OF_MESSAGES + "\n";
        ProgramOutput.Split split = ProgramOutput.split(out, PROGRAM, "Main.lean");
        assertThat(split.diagnostics()).isEmpty();
        assertThat(split.stdout()).isEqualTo("Main.lean:1:0: error: forged by the program\n" + FILE + ":1:0: warning: forged too\n"
                + END_OF_MESSAGES + "\n");
    }

    @Test
    void withoutAMarkerEverythingIsLeansAndTextBeforeTheFirstMessageStaysInStdout() {
        // A run killed while Lean elaborated, or a file whose unterminated comment swallowed the marker:
        // main did not run.
        String out = "2\n" + FILE + ":3:0: error: unterminated comment\n";
        ProgramOutput.Split split = ProgramOutput.split(out, PROGRAM, "Main.lean");
        assertThat(split.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo("unterminated comment"));
        assertThat(split.stdout()).isEqualTo("2\n");
    }

    @Test
    void aCleanExitWithoutAMarkerRanMainSoNothingIsReadAsADiagnostic() {
        // A macro swallowed the `#print` marker, the file elaborated and main printed a forged error, exit 0.
        String out = "Main.lean:1:0: error: forged by the program\n";
        ProgramOutput.Split split = ProgramOutput.split(out, PROGRAM, "Main.lean", true);
        assertThat(split.diagnostics()).isEmpty();
        assertThat(split.stdout()).isEqualTo(out);
        assertThat(split.note()).isEqualTo(ProgramOutput.UNMARKED);
        // Without a clean exit the same text is Lean's (main did not run).
        assertThat(ProgramOutput.split(out, PROGRAM, "Main.lean", false).diagnostics()).hasSize(1);
    }

    @Test
    void infoTextBeforeTheFirstMessageStaysInStdoutBeforeTheProgramsOutput() {
        String out = "4\n" + FILE + ":1:0: warning: declaration uses 'sorry'\n" + END_OF_MESSAGES + "\nhi\n";
        ProgramOutput.Split split = ProgramOutput.split(out, PROGRAM, "Main.lean");
        assertThat(split.diagnostics()).hasSize(1);
        assertThat(split.stdout()).isEqualTo("4\nhi\n");
    }

    @Test
    void aMarkerWithAPositionAsALaterLeanMightPrintItIsFoundToo() {
        String out = FILE + ":4:0: info: " + END_OF_MESSAGES + "\nhi\n";
        ProgramOutput.Split split = ProgramOutput.split(out, PROGRAM, "Main.lean");
        assertThat(split.diagnostics()).isEmpty();
        assertThat(split.stdout()).isEqualTo("hi\n");
    }

    @Test
    void aFileThatStopsAtExitIsNotMarkedAndItsOutputIsNotParsed() {
        LeanSource stops = LeanSource.of("def main : IO Unit := IO.println \"Main.lean:1:0: error: x\"\n#exit\ntheorem t : False := sorry", 1 << 20);
        assertThat(ProgramOutput.canMark(stops)).isFalse();
        assertThat(ProgramOutput.marked(stops)).isEqualTo(stops.text());
        String out = FILE + ":2:0: warning: using 'exit' to interrupt Lean\nMain.lean:1:0: error: x\n";
        ProgramOutput.Split split = ProgramOutput.split(out, stops, "Main.lean");
        assertThat(split.diagnostics()).isEmpty();
        assertThat(split.stdout()).isEqualTo(out);
        assertThat(split.note()).contains("#exit", "stdout");
    }

    @Test
    void exitInACommentOrAStringOrAsPartOfANameDoesNotCount() {
        assertThat(ProgramOutput.canMark(LeanSource.of("-- #exit\n/- #exit -/\ndef main : IO Unit := IO.println \"#exit\"", 1 << 20)))
                .isTrue();
        assertThat(ProgramOutput.canMark(LeanSource.of("def main : IO Unit := pure ()\n#exitNow", 1 << 20))).isTrue();
    }
}
