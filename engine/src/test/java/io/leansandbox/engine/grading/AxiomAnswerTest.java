package io.leansandbox.engine.grading;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lean's wording of {@code #print axioms} answers, as FIELD-NOTES.md records it from Lean-checked files. */
class AxiomAnswerTest {

    @Test
    void readsTheStandardAnswer() {
        AxiomAnswer a = AxiomAnswer.parse("'Millennium.xi.even' depends on axioms: [propext, Classical.choice, Quot.sound]").orElseThrow();
        assertThat(a.name()).isEqualTo("Millennium.xi.even");
        assertThat(a.axioms()).containsExactly("propext", "Classical.choice", "Quot.sound");
        assertThat(a.answers("xi.even")).isTrue();
        assertThat(a.answers("Millennium.xi.even")).isTrue();
        assertThat(a.answers("even")).isTrue();
        assertThat(a.answers("odd")).isFalse();
        assertThat(a.answers("i.even")).isFalse();
    }

    @Test
    void keepsLeansOrderAndReadsWrappedLists() {
        assertThat(AxiomAnswer.parse("'t' depends on axioms: [propext,\n sorryAx,\n  Classical.choice, Quot.sound]").orElseThrow().axioms())
                .containsExactly("propext", "sorryAx", "Classical.choice", "Quot.sound");
    }

    @Test
    void readsNamesWithPrimesQuotesAndGuillemets() {
        assertThat(AxiomAnswer.parse("'foo'' depends on axioms: [propext]").orElseThrow().name()).isEqualTo("foo'");
        AxiomAnswer odd = AxiomAnswer.parse("'«a b».c' does not depend on any axioms").orElseThrow();
        assertThat(odd.name()).isEqualTo("«a b».c");
        assertThat(odd.axioms()).isEmpty();
        assertThat(odd.answers("«a b».c")).isTrue();
        assertThat(AxiomAnswer.parse("'b' does not depend on any axioms").orElseThrow().answers("«b»")).isTrue();
    }

    @Test
    void otherMessagesAreNoAnswer() {
        assertThat(AxiomAnswer.parse("unknown constant 'foo'")).isEmpty();
        assertThat(AxiomAnswer.parse("standin: axioms of foo: none")).isEmpty();
        assertThat(AxiomAnswer.parse("'foo' depends on axioms: [propext] and more")).isEmpty();
        assertThat(List.of(AxiomAnswer.parse("x 'foo' depends on axioms: [a]"))).allMatch(o -> o.isEmpty());
    }
}
