package io.leansandbox.engine.grading;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusedConstructsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "#eval IO.println \"x\"",
            "#eval! 1",
            "run_cmd pure ()",
            "theorem t : True := by run_tac pure ()",
            "run_elab pure ()",
            "run_meta pure ()",
            "initialize foo : IO.Ref Nat ← IO.mkRef 0",
            "unsafe def f : Nat := 1",
            "@[implemented_by g] def f : Nat := 1",
            "@[extern \"c_f\"] opaque f : Nat",
            "prelude\ntheorem t : True := trivial",
            "notation \"⊤\" => True",
            "local notation \"x\" => 1",
            "infixl:65 \" +++ \" => Nat.add",
            "prefix:max \"√\" => Nat.sqrt",
            "syntax \"foo\" : term",
            "macro \"foo\" : term => `(1)",
            "macro_rules | `(foo) => `(2)",
            "elab \"foo\" : term => pure (Lean.mkNatLit 1)",
            "instance : OfNat Nat 2 := ⟨3⟩",
            "attribute [instance] foo",
            "@[command_elab foo] def f := 1",
            "@[simp, instance] def f := 1",
            "set_option debug.skipKernelTC true",
            "set_option debug.skipKernelTC true in\ntheorem t : 1 = 2 := rfl",
            "export Foo (bar)",
            "simproc foo (_) := fun _ => pure .continue",
    })
    void refuses(String code) {
        assertThat(RefusedConstructs.find("theorem ok : True := trivial\n" + code)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "theorem elaboration_ok : True := trivial",
            "-- #eval IO.println \"x\"\ntheorem t : True := trivial",
            "/- macro, syntax, instance -/ theorem t : True := trivial",
            "theorem t : \"#eval\".length = 5 := rfl",
            "@[simp] theorem t : 1 + 0 = 1 := rfl",
            "@[simp, norm_cast] theorem t : 1 + 0 = 1 := rfl",
            "@[local simp] theorem t : 1 + 0 = 1 := rfl",
            "set_option maxHeartbeats 400000 in\ntheorem t : True := trivial",
            "set_option linter.unusedVariables false",
            "open Real in\ntheorem t : True := trivial",
            "theorem instance_free (prefixes : List Nat) : prefixes = prefixes := rfl",
            "def IO_like := 1",
            "theorem t : 2 = 2 := by native_decide",
    })
    void allows(String code) {
        assertThat(RefusedConstructs.find(code)).isEmpty();
    }

    @Test
    void namesTheConstructAndWhere() {
        RefusedConstructs.Refusal r = RefusedConstructs.find("theorem t : True := trivial\n\n  #eval 1").orElseThrow();
        assertThat(r.construct()).isEqualTo("#eval");
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.column()).isEqualTo(2);
        assertThat(r.describe()).contains("`#eval` at line 3, column 2", "runs code");
    }
}
