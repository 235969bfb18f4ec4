package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Position;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceOffsetTest {

    @Test
    void positionsOfAPieceMapToTheWholeFile() {
        String file = "import A\nimport B -- rest\ntheorem t := x";
        SourceOffset offset = SourceOffset.of(file, ImportHeader.parse(file).bodyOffset());
        assertThat(offset).isEqualTo(new SourceOffset(2, 8));
        assertThat(offset.map(new Position(1, 1))).isEqualTo(new Position(2, 9));
        assertThat(offset.map(new Position(2, 4))).isEqualTo(new Position(3, 4));
    }

    @Test
    void columnsCountCodepointsAsLeanDoes() {
        String file = "-- 𝔸\nimport A ";
        assertThat(SourceOffset.of(file, 5).column()).isEqualTo(4);
    }
}
