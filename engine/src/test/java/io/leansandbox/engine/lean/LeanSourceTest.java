package io.leansandbox.engine.lean;

import io.leansandbox.engine.InvalidSourceException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeanSourceTest {

    private static final int LIMIT = 1 << 20;

    @Test
    void emptyOrBlankSourceIsRefused() {
        assertThatThrownBy(() -> LeanSource.of("", LIMIT)).isInstanceOf(InvalidSourceException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> LeanSource.of(" \n\t", LIMIT)).hasMessageContaining("empty");
    }

    @Test
    void nulCharacterIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> LeanSource.of("def x := 1\nde\0f", LIMIT))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("NUL").hasMessageContaining("line 2, column 2");
    }

    @Test
    void tooLargeSourceNamesSizeAndLimit() {
        String big = "a".repeat(10 << 20);
        assertThatThrownBy(() -> LeanSource.of(big, LIMIT))
                .hasMessageContaining("10485760 bytes").hasMessageContaining("1048576").hasMessageContaining("max_source_bytes");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'d', 'e', 'f', ' ', (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> LeanSource.fromUtf8(bad, LIMIT))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void unpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> LeanSource.of("def x := \"\uD800\"", LIMIT)).hasMessageContaining("surrogate");
    }

    @Test
    void validUtf8Decodes() {
        LeanSource s = LeanSource.fromUtf8("theorem t : ∀ n : ℕ, n = n := fun _ => rfl".getBytes(StandardCharsets.UTF_8), LIMIT);
        assertThat(s.text()).contains("ℕ");
    }

    @Test
    void findsTopLevelMain() {
        assertThat(LeanSource.of("def main : IO Unit := IO.println \"hi\"", LIMIT).definesMain()).isTrue();
        assertThat(LeanSource.of("@[export foo]\nunsafe def main (args : List String) : IO UInt32 := pure 0", LIMIT).definesMain()).isTrue();
        assertThat(LeanSource.of("def mainly := 1", LIMIT).definesMain()).isFalse();
        assertThat(LeanSource.of("-- def main := 1\ndef x := \"def main\"", LIMIT).definesMain()).isFalse();
    }

    @Test
    void fileContentsLoseTheirByteOrderMarkCarriageReturnsAndTrailingWhitespace() {
        byte[] file = "\uFEFFtheorem t : True := by\r\n  trivial\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(LeanSource.fromUtf8(file, LIMIT).text()).isEqualTo("theorem t : True := by\n  trivial");
    }
}
