package io.leansandbox.engine.lean;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImportHeaderTest {

    @Test
    void readsLeadingImportsIgnoringComments() {
        String source = "-- a comment with import Evil\n/- block /- nested import Evil2 -/ still comment -/\n"
                + "import Mathlib.Tactic\nimport Std -- trailing\n\ntheorem t : True := trivial\nimport NotHeader";
        ImportHeader header = ImportHeader.parse(source);
        assertThat(header.modules()).containsExactly("Mathlib.Tactic", "Std");
        assertThat(source.substring(header.bodyOffset())).startsWith(" -- trailing");
    }

    @Test
    void noHeaderWhenCodeComesFirst() {
        assertThat(ImportHeader.parse("def x := \"import Foo\"\nimport Bar").modules()).isEmpty();
    }

    @Test
    void acceptsModulePreludeAndModifiers() {
        ImportHeader header = ImportHeader.parse("module\nprelude\npublic import Lean.Elab\nimport all Init.Data");
        assertThat(header.modules()).isEqualTo(List.of("Lean.Elab", "Init.Data"));
    }

    @Test
    void importInsideAStringIsNotAnImport() {
        assertThat(ImportHeader.parse("#eval \"\nimport Foo\n\"").modules()).isEmpty();
    }
}
