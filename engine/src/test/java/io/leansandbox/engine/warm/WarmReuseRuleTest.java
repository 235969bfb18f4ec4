package io.leansandbox.engine.warm;

import io.leansandbox.engine.lean.ImportHeader;
import io.leansandbox.engine.result.Position;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmReuseRuleTest {

    @Test
    void everyListedWordRecyclesWhereverItStands() {
        for (String word : WarmReuseRule.EFFECTFUL) {
            assertThat(WarmReuseRule.effectfulWord("theorem t : True := trivial\n-- " + word)).as(word).hasValue(word);
        }
        assertThat(WarmReuseRule.effectfulWord("def f : IO Unit := pure ()")).hasValue("IO");
        assertThat(WarmReuseRule.effectfulWord("@[implemented_by g] def f := 1")).isPresent();
    }

    @Test
    void pureProofsKeepTheRepl() {
        assertThat(WarmReuseRule.effectfulWord("theorem t (n : Nat) : n + 0 = n := by simp")).isEmpty();
    }

    @Test
    void headersAreNormalisedToTheirImportsWithoutRepeats() {
        ImportHeader header = ImportHeader.parse("-- c\nimport Mathlib\nimport Std\n/- x -/ import Mathlib\ntheorem t : True := trivial");
        assertThat(WarmRepls.normalise(header)).isEqualTo("import Mathlib\nimport Std");
    }

    @Test
    void normalisedHeadersKeepTheImportModifiers() {
        ImportHeader header = ImportHeader.parse("public  import all Lean.Elab\nimport Std\nimport Std");
        assertThat(WarmRepls.normalise(header)).isEqualTo("public import all Lean.Elab\nimport Std");
    }

    @Test
    void headerErrorsAreMappedToTheCallersImportLines() {
        // Normalised: line 1 "import Mathlib", line 2 "import Nope"; in the file they are lines 2 and 5.
        ImportHeader header = ImportHeader.parse("-- proofs\nimport Mathlib\n\nimport Mathlib\nimport Nope\ntheorem t : True := trivial");
        var mapping = WarmRepls.inCallersLines(header);
        assertThat(mapping.map(new Position(1, 0))).isEqualTo(new Position(2, 0));
        assertThat(mapping.map(new Position(2, 7))).isEqualTo(new Position(5, 7));
    }
}
