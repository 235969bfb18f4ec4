package io.leansandbox.engine.lean;

import io.leansandbox.engine.result.Position;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The goals before and after a place in some code, read from the tactic nodes of Lean's info trees
 * ({@link InfoTree}).
 *
 * <ul>
 *   <li>At a line and column: the innermost tactic whose syntax covers that position; its goals
 *       before and after.</li>
 *   <li>At a line: the outermost tactics that lie on that line (start and end on it), in order; the
 *       goals before the first and after the last. When none lies wholly on the line, the outermost
 *       tactics that start on it (a {@code have ... := by} or {@code by} opening a block below),
 *       whose goals after are those after their whole block.</li>
 * </ul>
 * Keywords that are no tactic of their own (the {@code by} atom, whose node has no elaborator
 * name) are not chosen. No tactic there: {@link #found()} is false, and {@link #tacticLines()} says
 * which lines have tactics.
 *
 * @param line        the line asked about (from 1)
 * @param column      the column asked about (from 0, in codepoints), or null for the whole line
 * @param tactics     the tactics chosen, in source order; empty when none is there
 * @param goalsBefore the goals before them
 * @param goalsAfter  the goals after them; empty when they closed every goal
 * @param tacticLines the lines on which some tactic starts, ascending
 */
public record GoalsAt(int line, Integer column, List<InfoTree.Tactic> tactics, List<String> goalsBefore,
                      List<String> goalsAfter, List<Integer> tacticLines) {

    public GoalsAt {
        tactics = List.copyOf(tactics);
        goalsBefore = List.copyOf(goalsBefore);
        goalsAfter = List.copyOf(goalsAfter);
        tacticLines = List.copyOf(tacticLines);
    }

    public boolean found() {
        return !tactics.isEmpty();
    }

    /** The goals at {@code line} (and {@code column}, when not null) among {@code tactics}. */
    public static GoalsAt find(List<InfoTree.Tactic> tactics, int line, Integer column) {
        List<InfoTree.Tactic> named = tactics.stream().filter(t -> t.name() != null).toList();
        List<Integer> lines = List.copyOf(new TreeSet<>(named.stream().map(t -> t.start().line()).toList()));
        List<InfoTree.Tactic> chosen;
        if (column != null) {
            Position at = new Position(line, column);
            chosen = named.stream().filter(t -> t.contains(at))
                    .max(Comparator.comparingInt(InfoTree.Tactic::depth).thenComparingInt(InfoTree.Tactic::order))
                    .map(List::of).orElse(List.of());
        } else {
            chosen = outermost(named.stream().filter(t -> t.start().line() == line && t.end().line() == line).toList());
            if (chosen.isEmpty()) {
                chosen = outermost(named.stream().filter(t -> t.start().line() == line).toList());
            }
        }
        if (chosen.isEmpty()) {
            return new GoalsAt(line, column, List.of(), List.of(), List.of(), lines);
        }
        return new GoalsAt(line, column, chosen, chosen.get(0).goalsBefore(), chosen.get(chosen.size() - 1).goalsAfter(), lines);
    }

    /** Those of {@code among} that no other of them covers, in source order. */
    private static List<InfoTree.Tactic> outermost(List<InfoTree.Tactic> among) {
        return among.stream()
                .filter(t -> among.stream().noneMatch(o -> o != t && covers(o, t)))
                .sorted(Comparator.comparing(InfoTree.Tactic::start, InfoTree::compare).thenComparingInt(InfoTree.Tactic::order))
                .toList();
    }

    /**
     * Whether {@code outer}'s syntax holds {@code inner}'s; of two nodes with the same range (a
     * sequence and its only tactic) the one closer to the root covers the other.
     */
    private static boolean covers(InfoTree.Tactic outer, InfoTree.Tactic inner) {
        boolean holds = InfoTree.compare(outer.start(), inner.start()) <= 0 && InfoTree.compare(inner.end(), outer.end()) <= 0;
        boolean same = outer.start().equals(inner.start()) && outer.end().equals(inner.end());
        return holds && (!same || outer.depth() < inner.depth() || outer.depth() == inner.depth() && outer.order() < inner.order());
    }

    /**
     * The text of {@code code} from {@code start} to {@code end} (lines from 1, columns in codepoints
     * from 0, as Lean counts); empty when the range lies outside the code.
     */
    public static String sourceText(String code, Position start, Position end) {
        int from = offset(code, start);
        int to = offset(code, end);
        return from < 0 || to < from ? "" : code.substring(from, to);
    }

    private static int offset(String code, Position p) {
        int index = 0;
        for (int line = 1; line < p.line(); line++) {
            int next = code.indexOf('\n', index);
            if (next < 0) {
                return -1;
            }
            index = next + 1;
        }
        int lineEnd = code.indexOf('\n', index);
        if (lineEnd < 0) {
            lineEnd = code.length();
        }
        int codepoints = code.codePointCount(index, lineEnd);
        return code.offsetByCodePoints(index, Math.min(p.column(), codepoints));
    }
}
