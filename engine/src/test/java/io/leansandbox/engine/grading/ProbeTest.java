package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.Declarations;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTest {

    private static final String CODE = "theorem foo' : 1 = 1 := rfl\n\nexample : 2 = 2 :=\n  rfl\n";
    private final List<Declaration> declarations = Declarations.in(CODE);

    @Test
    void asksEachDeclarationOnItsOwnLineThenTheNonce() {
        Probe probe = Probe.of(CODE, declarations);
        List<String> lines = probe.text().lines().toList();
        assertThat(lines.get(0)).isEqualTo("theorem lean_sandbox_example_L3 : 2 = 2 :=");
        assertThat(lines.get(1)).isEqualTo("  rfl");
        assertThat(lines).contains("#print axioms foo'", "#print axioms lean_sandbox_example_L3");
        assertThat(lines.get(lines.size() - 1)).startsWith("#print \"lean-sandbox-probe ");
        assertThat(Probe.of(CODE, declarations).text()).isNotEqualTo(probe.text()); // a new nonce each time
    }

    @Test
    void matchesAnswersByLineAndNameAndNeedsTheNonce() {
        Probe probe = Probe.of(CODE, declarations);
        List<String> lines = probe.text().lines().toList();
        int foo = lines.indexOf("#print axioms foo'") + 1;
        int example = lines.indexOf("#print axioms lean_sandbox_example_L3") + 1;
        String nonce = lines.get(lines.size() - 1).replaceAll("^#print \"|\"$", "");
        List<Diagnostic> messages = new ArrayList<>(List.of(
                info(foo, "'foo'' depends on axioms: [propext]"),
                info(example, "'foo'' does not depend on any axioms"))); // the wrong name on the example's line
        Probe.Result withoutNonce = probe.read(step(messages));
        assertThat(withoutNonce.nonceConfirmed()).isFalse();
        messages.add(info(lines.size(), nonce));
        Probe.Result read = probe.read(step(messages));
        assertThat(read.nonceConfirmed()).isTrue();
        assertThat(read.of(declarations.get(0))).get().extracting(AxiomAnswer::axioms).isEqualTo(List.of("propext"));
        assertThat(read.of(declarations.get(1))).isEmpty();
    }

    private static Diagnostic info(int line, String text) {
        return new Diagnostic(Severity.INFO, new Position(line, 0), null, text);
    }

    private static ReplStep step(List<Diagnostic> messages) {
        RunResult r = new RunResult(Status.SUCCESS, RunMode.CHECK, 0, messages, List.of(), "", "", false, Duration.ZERO, Duration.ZERO);
        return new ReplStep(r, new ReplResponse(2, null, messages, List.of(), List.of(), null, null, null));
    }
}
