package io.leansandbox.engine.proof;

import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lean 4's wording of `#print axioms` (Lean.Elab.Print), one line or wrapped. */
class AxiomReportTest {

    private static List<Diagnostic> info(String text) {
        return List.of(new Diagnostic(Severity.INFO, new Position(1, 0), null, text));
    }

    @Test
    void readsTheAxiomList() {
        assertThat(AxiomReport.read(info("'foo' depends on axioms: [propext, Classical.choice, Quot.sound]")))
                .hasValue(List.of("propext", "Classical.choice", "Quot.sound"));
        assertThat(AxiomReport.read(info("'foo' depends on axioms: [propext,\n Classical.choice]")))
                .hasValue(List.of("propext", "Classical.choice"));
    }

    @Test
    void readsNoAxioms() {
        assertThat(AxiomReport.read(info("'foo' does not depend on any axioms"))).hasValue(List.of());
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(AxiomReport.read(info("unknown constant 'foo'"))).isEmpty();
        assertThat(AxiomReport.read(List.of())).isEmpty();
    }
}
