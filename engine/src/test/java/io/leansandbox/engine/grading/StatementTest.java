package io.leansandbox.engine.grading;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementTest {

    private static final String HEADER = "import Mathlib\nopen Real";

    @Test
    void parsesMiniF2FStyleStatements() {
        Statement s = Statement.parse(HEADER, "theorem mathd_algebra_10 (x : ℝ) (h : x = 2) :\n    x + 1 = 3 := by sorry");
        assertThat(s.name()).isEqualTo("mathd_algebra_10");
        assertThat(s.signature()).isEqualTo("(x : ℝ) (h : x = 2) : x + 1 = 3");
        assertThat(s.tactic()).isTrue();
        assertThat(s.challenge()).isEqualTo(HEADER + "\n\ntheorem mathd_algebra_10 (x : ℝ) (h : x = 2) :\n    x + 1 = 3 := by sorry\n");
    }

    @Test
    void completesTacticAndTermProofs() {
        Statement tactic = Statement.parse("", "theorem t : 1 + 1 = 2 := by");
        assertThat(tactic.complete("norm_num")).isEqualTo("theorem t : 1 + 1 = 2 := by\n  norm_num\n");
        assertThat(tactic.complete("by rfl")).isEqualTo("theorem t : 1 + 1 = 2 := by rfl\n");
        Statement term = Statement.parse("", "theorem t : 1 + 1 = 2 := sorry");
        assertThat(term.tactic()).isFalse();
        assertThat(term.complete("rfl")).isEqualTo("theorem t : 1 + 1 = 2 := rfl\n");
    }

    @Test
    void refusesWhatIsNoFormalStatement() {
        assertThatThrownBy(() -> Statement.parse("", "def f := 1")).hasMessageContaining("no theorem");
        assertThatThrownBy(() -> Statement.parse("", "theorem t : True := trivial")).hasMessageContaining("must end in");
        assertThatThrownBy(() -> Statement.parse("", " ")).hasMessageContaining("empty");
    }

    @Test
    void signaturesIgnoreCommentsAndLayout() {
        Statement s = Statement.parse("", "theorem t (a b : Nat) : a + b = b + a := by sorry");
        Submission same = Submission.ofCode("theorem t (a b : Nat) -- the two numbers\n  : a + b = b + a := by\n  omega", s, 1 << 20);
        assertThat(VerdictPolicy.statementProblem(same)).isEmpty();
        Submission other = Submission.ofCode("theorem t (a b : Nat) : a + b = a + b := rfl", s, 1 << 20);
        assertThat(VerdictPolicy.statementProblem(other)).get().asString().contains("states `(a b : Nat) : a + b = a + b`");
        Submission axiom = Submission.ofCode("axiom t (a b : Nat) : a + b = b + a", s, 1 << 20);
        assertThat(VerdictPolicy.statementProblem(axiom)).get().asString().contains("declared as an axiom");
        Submission nested = Submission.ofCode("namespace X\ntheorem t (a b : Nat) : a + b = b + a := by omega\nend X", s, 1 << 20);
        assertThat(VerdictPolicy.statementProblem(nested)).get().asString().contains("does not declare theorem t");
        assertThat(VerdictPolicy.statementProblem(Submission.ofProof(s, "omega", 1 << 20))).isEmpty();
    }
}
