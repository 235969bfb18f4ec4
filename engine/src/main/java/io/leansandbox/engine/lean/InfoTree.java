package io.leansandbox.engine.lean;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.result.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * The tactic nodes of the info trees the REPL returns for a command sent with {@code "infotree"}
 * (transcripts infotree and infotree_theorem): each {@code TacticInfo} node's syntax range and the
 * goals before and after it. Other nodes (commands, terms, completions) are walked through, not kept.
 */
public final class InfoTree {

    /**
     * The REPL's {@code "infotree"} option that {@code goals-at} uses: the tactic nodes whose syntax
     * is in the source (structural ones such as tactic sequences and {@code by} included), without
     * the synthetic ones elaboration made up.
     */
    public static final String ORIGINAL = "original";

    /**
     * One tactic as Lean elaborated it.
     *
     * @param pp          Lean's pretty-printed syntax
     * @param syntaxKind  the syntax kind, e.g. {@code Lean.Parser.Tactic.exact}
     * @param name        the tactic's elaborator name; null for bare atoms such as the {@code by} keyword
     * @param start       where its syntax starts (line from 1, column from 0 in codepoints)
     * @param end         where it ends
     * @param goalsBefore the goals it started from, each with its hypotheses
     * @param goalsAfter  the goals it left; empty when it closed them all
     * @param depth       how many tactic nodes enclose it
     * @param order       its place in the tree, in pre-order
     */
    public record Tactic(String pp, String syntaxKind, String name, Position start, Position end, List<String> goalsBefore,
                         List<String> goalsAfter, int depth, int order) {

        public Tactic {
            goalsBefore = List.copyOf(goalsBefore);
            goalsAfter = List.copyOf(goalsAfter);
        }

        boolean contains(Position p) {
            return compare(start, p) <= 0 && compare(p, end) <= 0;
        }
    }

    private InfoTree() {
    }

    /**
     * The tactic nodes of {@code infotree} (the answer's {@code "infotree"} array), in pre-order;
     * nodes without a range or with a synthetic one are left out.
     */
    public static List<Tactic> tactics(JsonNode infotree) {
        List<Tactic> found = new ArrayList<>();
        if (infotree != null && infotree.isArray()) {
            for (JsonNode tree : infotree) {
                walk(tree, 0, found);
            }
        }
        return found;
    }

    private static void walk(JsonNode tree, int depth, List<Tactic> found) {
        int below = depth;
        JsonNode node = tree.path("node");
        if ("TacticInfo".equals(tree.path("kind").asText()) && node.isObject()) {
            JsonNode range = node.path("stx").path("range");
            Position start = position(range.get("start"));
            Position end = position(range.get("finish"));
            if (start != null && end != null && !range.path("synthetic").asBoolean(false)) {
                found.add(new Tactic(node.path("stx").path("pp").asText(""), node.path("stx").path("kind").asText(""),
                        node.hasNonNull("name") ? node.get("name").asText() : null, start, end, strings(node.get("goalsBefore")), strings(node.get("goalsAfter")), depth, found.size()));
                below = depth + 1;
            }
        }
        for (JsonNode child : tree.path("children")) {
            walk(child, below, found);
        }
    }

    /** Orders positions: by line, then column. */
    static int compare(Position a, Position b) {
        return a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column());
    }

    private static Position position(JsonNode p) {
        if (p == null || !p.isObject() || !p.has("line") || !p.has("column")) {
            return null;
        }
        return new Position(p.get("line").asInt(), p.get("column").asInt());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(g -> out.add(g.asText()));
        }
        return out;
    }
}
