package io.leansandbox.engine.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {

    @Test
    void parsesDockerSpellings() {
        assertThat(ByteSize.parse("256m")).isEqualTo(256L << 20);
        assertThat(ByteSize.parse("2g")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("64K")).isEqualTo(64L << 10);
        assertThat(ByteSize.parse("512")).isEqualTo(512);
        assertThat(ByteSize.parse("1mb")).isEqualTo(1L << 20);
    }

    @Test
    void formatsExactly() {
        assertThat(ByteSize.format(64L << 20)).isEqualTo("64m");
        assertThat(ByteSize.format(1000)).isEqualTo("1000");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("'lots'");
    }
}
