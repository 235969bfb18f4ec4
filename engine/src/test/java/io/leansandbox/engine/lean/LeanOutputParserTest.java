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
}
