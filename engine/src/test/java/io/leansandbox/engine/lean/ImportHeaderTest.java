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
    void readsModulePreludeAndEveryModifierOfLean433sGrammar() {
        ImportHeader header = ImportHeader.parse("module\n\nprelude\npublic import Lean.Elab\nmeta import Lean.Meta\n"
                + "public meta import all Init.Data\nimport all Std\n\ndef x := 1");
        assertThat(header.module()).isTrue();
        assertThat(header.prelude()).isTrue();
        assertThat(header.modules()).containsExactly("Lean.Elab", "Lean.Meta", "Init.Data", "Std");
        assertThat(header.commands()).containsExactly("public import Lean.Elab", "meta import Lean.Meta",
                "public meta import all Init.Data", "import all Std");
        assertThat(header.lines()).containsExactly(4, 5, 6, 7);
        assertThat(header.trailing()).isEmpty();
    }

    @Test
    void onlyPlainImportsCanBeElaboratedApartFromTheBody() {
        assertThat(ImportHeader.parse("import Mathlib\nimport Std\ntheorem t : True := trivial").whyNotSeparable()).isEmpty();
        assertThat(ImportHeader.parse("theorem t : True := trivial").whyNotSeparable()).isEmpty();
        assertThat(ImportHeader.parse("module\nimport Mathlib\n").whyNotSeparable()).hasValueSatisfying(
                why -> assertThat(why).contains("`module`"));
        assertThat(ImportHeader.parse("module\n").whyNotSeparable()).isPresent();
        assertThat(ImportHeader.parse("prelude\nimport Init.Core").whyNotSeparable()).hasValueSatisfying(
                why -> assertThat(why).contains("`prelude`"));
        // Outside the module system Lean rejects modifiers: the file must reach Lean whole to be told so.
        for (String header : List.of("public import Std", "meta import Std", "import all Std")) {
            assertThat(ImportHeader.parse(header + "\ndef x := 1").whyNotSeparable()).as(header)
                    .hasValueSatisfying(why -> assertThat(why).contains("modifiers"));
        }
    }

    @Test
    void aHeaderThatDoesNotParseAsLeansIsNotSplit() {
        assertThat(ImportHeader.parse("import Foo.\ndef x := 1").trailing()).hasValueSatisfying(
                why -> assertThat(why).contains("dot"));
        assertThat(ImportHeader.parse("import Foo\nimport\ndef x := 1").trailing()).isPresent();
        assertThat(ImportHeader.parse("import Foo\nprelude\n").trailing()).isPresent();
        assertThat(ImportHeader.parse("import Foo\nmodule\n").trailing()).isPresent();
        assertThat(ImportHeader.parse("import Foo\npublic import\n").trailing()).isPresent();
        assertThat(ImportHeader.parse("import Foo.\n").whyNotSeparable()).isPresent();
    }

    @Test
    void publicSectionAfterTheHeaderBelongsToTheBody() {
        String source = "import Std\npublic section\ndef x := 1";
        ImportHeader header = ImportHeader.parse(source);
        assertThat(header.modules()).containsExactly("Std");
        assertThat(source.substring(header.bodyOffset())).isEqualTo("\npublic section\ndef x := 1");
        assertThat(header.trailing()).isEmpty();
    }

    @Test
    void quotedNamePartsKeepTheirSpacesAndCommentMarkers() {
        ImportHeader header = ImportHeader.parse("import Foo.«a b»\nimport «x -- y».Z\nimport Bar -- c\ndef x := 1");
        assertThat(header.modules()).containsExactly("Foo.«a b»", "«x -- y».Z", "Bar");
        assertThat(header.lines()).containsExactly(1, 2, 3);
    }

    @Test
    void commentsAndBlankLinesInsideTheHeader() {
        String source = "/- doc\nimport NotThis -/\n\nimport A -- one\n\n/- two -/ import B\n-- import C\n\nimport\n  D.E\n"
                + "theorem t : True := trivial";
        ImportHeader header = ImportHeader.parse(source);
        assertThat(header.modules()).containsExactly("A", "B", "D.E");
        assertThat(header.lines()).containsExactly(4, 6, 10);
        assertThat(source.substring(header.bodyOffset())).isEqualTo("\ntheorem t : True := trivial");
    }

    @Test
    void wordsThatOnlyStartLikeKeywordsAreNotKeywords() {
        assertThat(ImportHeader.parse("modules := 1").isEmpty()).isTrue();
        assertThat(ImportHeader.parse("imported x").isEmpty()).isTrue();
        assertThat(ImportHeader.parse("import allStd\n").modules()).containsExactly("allStd");
        assertThat(ImportHeader.parse("import allStd\n").imports().get(0).all()).isFalse();
        assertThat(ImportHeader.parse("import x₁.y'\n").modules()).containsExactly("x₁.y'");
    }

    @Test
    void importInsideAStringIsNotAnImport() {
        assertThat(ImportHeader.parse("#eval \"\nimport Foo\n\"").modules()).isEmpty();
    }
}
