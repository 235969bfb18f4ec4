package io.leansandbox.engine.lean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeclarationsTest {

    @Test
    void findsDeclarationsWithQualifiedNamesAndRanges() {
        String source = """
                import Mathlib
                -- theorem commented : True := trivial
                namespace Foo

                @[simp] theorem bar : 1 = 1 := rfl

                private lemma baz (n : Nat) : n = n := by
                  rfl
                section
                def qux := "theorem inString"
                end
                end Foo
                example : True := trivial
                instance : Inhabited Nat := ⟨0⟩
                theorem _root_.top : True := trivial
                """;
        var found = Declarations.in(source);
        assertThat(found).extracting(Declaration::kind).containsExactly("theorem", "lemma", "def", "example", "instance", "theorem");
        assertThat(found).extracting(Declaration::displayName)
                .containsExactly("Foo.bar", "Foo.baz", "Foo.qux", "example@13", "instance@14", "top");
        assertThat(found.get(0).startLine()).isEqualTo(5);
        assertThat(found.get(1).startLine()).isEqualTo(7);
        assertThat(found.get(1).endLine()).isEqualTo(9);
        assertThat(found.get(1).isTheorem()).isTrue();
    }
}
