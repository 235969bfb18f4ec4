package io.leansandbox.engine.warm;

import io.leansandbox.engine.lean.ImportHeader;
import io.leansandbox.engine.result.Position;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WarmReuseRuleTest {

    @Test
    void everyWayToRunCodeAtElaborationKeepsTheCheckOffSharedRepls() {
        List<String> runsCode = List.of(
                "#eval IO.println \"hi\"",
                "#exit",
                "run_cmd Lean.logInfo \"x\"", "run_tac pure ()", "run_elab pure ()", "run_meta pure ()",
                "elab \"t\" : tactic => pure ()", "elab_rules : tactic | `(tactic| t) => pure ()",
                "macro \"t\" : tactic => `(tactic| rfl)", "macro_rules | `(t) => `(rfl)",
                "syntax \"t\" : tactic\n@[tactic t] def evalT : Lean.Elab.Tactic.Tactic := fun _ => pure ()",
                "open Lean.Elab.Tactic in theorem x : True := trivial",
                "@[command_elab foo] def f := 1", "@[term_elab foo] def f := 1",
                "simproc reduceFoo (foo _) := fun _ => pure .continue", "dsimproc d (foo _) := fun _ => pure .continue",
                "initialize r : Nat ← pure 1", "builtin_initialize pure ()",
                "@[implemented_by g] def f := 1", "@[extern \"c_f\"] opaque f : Nat", "unsafe def f := 1",
                "def f : IO Unit := pure ()", "theorem t : 2 = 2 := by native_decide",
                "def m : Lean.MetaM Unit := pure ()", "def m : CoreM Unit := pure ()");
        for (String code : runsCode) {
            assertThat(WarmReuseRule.effectfulToken(code)).as(code).isPresent();
        }
    }

    @Test
    void tokensMatchWhateverTheirCase() {
        assertThat(WarmReuseRule.effectfulToken("#EVAL 1")).hasValue("#EVAL");
        assertThat(WarmReuseRule.effectfulToken("open Lean.ELAB")).hasValue("ELAB");
        assertThat(WarmReuseRule.effectfulToken("-- uses Io somewhere")).hasValue("Io");
    }

    @Test
    void pureProofsStayOnSharedRepls() {
        for (String code : List.of("theorem t (n : Nat) : n + 0 = n := by simp",
                "theorem t : 2 + 2 = 4 := by decide",
                "theorem p (x : Nat) : (Polynomial.eval x 0) = 0 := by simp",
                "-- a short proof\ntheorem t : True := trivial",
                "lemma ioa : 1 = 1 := rfl", "def radio := 1")) {
            assertThat(WarmReuseRule.effectfulToken(code)).as(code).isEmpty();
        }
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
