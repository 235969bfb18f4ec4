package io.leansandbox.engine.lean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.testing.Transcripts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Goals at a place, read from the info trees the real REPL recorded (transcripts infotree, with
 * {@code "infotree": "substantive"}, and infotree_theorem, with {@code "full"}). Both hold the same
 * kind of tactic nodes as the {@code "original"} option goals-at uses.
 */
class GoalsAtTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void transcripts() {
        assumeTrue(Transcripts.present(), "no transcripts at " + Transcripts.directory());
    }

    private static List<InfoTree.Tactic> recorded(String transcript) throws Exception {
        JsonNode answer = JSON.readTree(Transcripts.named(transcript).answers().get(0));
        return InfoTree.tactics(answer.get("infotree"));
    }

    @Test
    void theTacticNodesOfAFullInfoTreeInPreOrder() throws Exception {
        // theorem show_p (p: Prop) (h : p) : p := by exact h
        List<InfoTree.Tactic> tactics = recorded("infotree_theorem");
        assertThat(tactics).extracting(InfoTree.Tactic::syntaxKind).containsExactly(
                "Lean.Parser.Term.byTactic", "by", "Lean.Parser.Tactic.tacticSeq",
                "Lean.Parser.Tactic.tacticSeq1Indented", "Lean.Parser.Tactic.exact");
        assertThat(tactics).extracting(InfoTree.Tactic::depth).containsExactly(0, 1, 2, 3, 4);
        InfoTree.Tactic exact = tactics.get(4);
        assertThat(exact.start()).isEqualTo(new Position(1, 43));
        assertThat(exact.end()).isEqualTo(new Position(1, 50));
        assertThat(exact.goalsBefore()).containsExactly("p : Prop\nh : p\n⊢ p");
        assertThat(exact.goalsAfter()).isEmpty();
        assertThat(tactics.get(1).name()).as("the `by` atom has no elaborator").isNull();
    }

    @Test
    void atALineAndColumnTheInnermostTactic() throws Exception {
        GoalsAt at = GoalsAt.find(recorded("infotree_theorem"), 1, 45);
        assertThat(at.found()).isTrue();
        assertThat(at.tactics()).extracting(InfoTree.Tactic::syntaxKind).containsExactly("Lean.Parser.Tactic.exact");
        assertThat(at.goalsBefore()).containsExactly("p : Prop\nh : p\n⊢ p");
        assertThat(at.goalsAfter()).isEmpty();
        // On the `by` keyword: the `by` block, as the atom is no tactic.
        assertThat(GoalsAt.find(recorded("infotree_theorem"), 1, 41).tactics())
                .extracting(InfoTree.Tactic::syntaxKind).containsExactly("Lean.Parser.Term.byTactic");
    }

    @Test
    void atALineTheOutermostTacticsOnIt() throws Exception {
        GoalsAt line = GoalsAt.find(recorded("infotree_theorem"), 1, null);
        assertThat(line.tactics()).extracting(InfoTree.Tactic::syntaxKind).containsExactly("Lean.Parser.Term.byTactic");
        assertThat(line.goalsBefore()).containsExactly("p : Prop\nh : p\n⊢ p");
        assertThat(line.goalsAfter()).isEmpty();
        assertThat(line.tacticLines()).containsExactly(1);
    }

    @Test
    void aSubstantiveTreeHasTheTacticItself() throws Exception {
        // def f (h : Int) : Nat := by constructor  -- `constructor` leaves no goal
        List<InfoTree.Tactic> tactics = recorded("infotree");
        GoalsAt at = GoalsAt.find(tactics, 1, 30);
        assertThat(at.tactics()).singleElement().satisfies(t -> {
            assertThat(t.pp()).isEqualTo("constructor");
            assertThat(t.start()).isEqualTo(new Position(1, 28));
        });
        assertThat(at.goalsBefore()).containsExactly("h : Int\n⊢ Nat");
        assertThat(at.goalsAfter()).isEmpty();
        assertThat(GoalsAt.find(tactics, 1, null).tactics()).hasSize(1);
    }

    @Test
    void noTacticThereIsNotFoundAndSaysWhereTacticsAre() throws Exception {
        GoalsAt before = GoalsAt.find(recorded("infotree"), 1, 5);
        assertThat(before.found()).isFalse();
        assertThat(before.goalsBefore()).isEmpty();
        assertThat(before.tacticLines()).containsExactly(1);
        assertThat(GoalsAt.find(recorded("infotree"), 3, null).found()).isFalse();
        assertThat(GoalsAt.find(InfoTree.tactics(null), 1, null).found()).isFalse();
    }

    @Test
    void multiLineProofsByLine() {
        // Made-up nodes (no recording has a multi-line proof): a `by` block over lines 1-3 holding
        // `constructor` on line 2 and `exact hq` on line 3.
        List<InfoTree.Tactic> tactics = List.of(
                tactic("by", 1, 20, 3, 10, List.of("⊢ p ∧ q"), List.of(), 0, 0),
                tactic("seq", 2, 2, 3, 10, List.of("⊢ p ∧ q"), List.of(), 1, 1),
                tactic("constructor", 2, 2, 2, 13, List.of("⊢ p ∧ q"), List.of("⊢ p", "⊢ q"), 2, 2),
                tactic("exact", 3, 2, 3, 10, List.of("⊢ p", "⊢ q"), List.of("⊢ q"), 2, 3));
        GoalsAt two = GoalsAt.find(tactics, 2, null);
        assertThat(two.tactics()).extracting(InfoTree.Tactic::pp).containsExactly("constructor");
        assertThat(two.goalsAfter()).containsExactly("⊢ p", "⊢ q");
        GoalsAt one = GoalsAt.find(tactics, 1, null);
        assertThat(one.tactics()).as("a block opened on line 1").extracting(InfoTree.Tactic::pp).containsExactly("by");
        assertThat(one.goalsAfter()).isEmpty();
        assertThat(GoalsAt.find(tactics, 3, 5).tactics()).extracting(InfoTree.Tactic::pp).containsExactly("exact");
        assertThat(two.tacticLines()).containsExactly(1, 2, 3);
    }

    @Test
    void sourceTextCountsColumnsInCodepoints() {
        String code = "theorem t : ∀ n, n = n := by\n  intro n\n  rfl";
        assertThat(GoalsAt.sourceText(code, new Position(2, 2), new Position(2, 9))).isEqualTo("intro n");
        assertThat(GoalsAt.sourceText(code, new Position(1, 26), new Position(3, 5))).isEqualTo("by\n  intro n\n  rfl");
        assertThat(GoalsAt.sourceText(code, new Position(9, 0), new Position(9, 1))).isEmpty();
    }

    private static InfoTree.Tactic tactic(String pp, int l1, int c1, int l2, int c2, List<String> before, List<String> after,
                                          int depth, int order) {
        return new InfoTree.Tactic(pp, pp, pp, new Position(l1, c1), new Position(l2, c2), before, after, depth, order);
    }
}
