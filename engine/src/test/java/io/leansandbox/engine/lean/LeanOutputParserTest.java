package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeanOutputParserTest {

    @Test
    void readsMultiLineMessagesOfTheFile() {
        String out = "/tmp/run/Main.lean:1:15: error: unsolved goals\n⊢ Nat\n/tmp/run/Main.lean:3:0: warning: declaration uses 'sorry'\n";
        var found = LeanOutputParser.parse(out, "Main.lean");
        assertThat(found).hasSize(2);
        assertThat(found.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(found.get(0).start()).isEqualTo(new Position(1, 15));
        assertThat(found.get(0).message()).isEqualTo("unsolved goals\n⊢ Nat");
        assertThat(found.get(1).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void ignoresOtherOutput() {
        assertThat(LeanOutputParser.parse("hello\nworld\n", "Main.lean")).isEmpty();
    }

    @Test
    void readsNamedErrorsAndEndPositionsAsLeanPrintsThem() {
        // Lean's mkErrorStringWithPos: a named error's label is `error(NAME):`; the end position only with printMessageEndPos.
        String out = "/tmp/run/Main.lean:2:6: error(lean.unknownIdentifier): Unknown identifier `g`\n"
                + "/tmp/run/Main.lean:3:0-3:7: warning: declaration uses 'sorry'\n";
        var found = LeanOutputParser.parse(out, "Main.lean");
        assertThat(found).hasSize(2);
        assertThat(found.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(found.get(0).start()).isEqualTo(new Position(2, 6));
        assertThat(found.get(0).message()).isEqualTo("Unknown identifier `g`");
        assertThat(found.get(1).start()).isEqualTo(new Position(3, 0));
        assertThat(found.get(1).isSorryWarning()).isTrue();
    }

    @Test
    void messagesOfOtherFilesAreNotTheFiles() {
        assertThat(LeanOutputParser.parse("/tmp/run/Other.lean:1:0: error: x\n", "Main.lean")).isEmpty();
    }

    @Test
    void findsWhereTheFirstMessageStarts() {
        assertThat(LeanOutputParser.firstHeadline("2\nhello\nMain.lean:1:0: error: x\n", "Main.lean")).isEqualTo(8);
        assertThat(LeanOutputParser.firstHeadline("no messages\n", "Main.lean")).isEqualTo(-1);
    }
}
