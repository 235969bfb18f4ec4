package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * A self-test's results as one JSON document: {@code image}, {@code lean_version}, {@code summary}
 * (counts of {@code match}, {@code differs}, {@code skipped}, {@code total}, and {@code all_match}), {@code notes} and
 * {@code cases} ({@code kind}, {@code name}, {@code outcome}, {@code detail} each).
 */
public final class SelftestJson {

    private SelftestJson() {
    }

    public static ObjectNode of(ObjectMapper json, String image, String leanVersion, SelftestSummary summary) {
        ObjectNode root = json.createObjectNode();
        root.put("image", image);
        root.put("lean_version", leanVersion);
        ObjectNode counts = root.putObject("summary");
        for (CaseResult.Outcome outcome : CaseResult.Outcome.values()) {
            counts.put(outcome.name().toLowerCase(Locale.ROOT), summary.count(outcome));
        }
        counts.put("total", summary.results().size());
        counts.put("all_match", summary.allMatch());
        summary.notes().forEach(root.putArray("notes")::add);
        ArrayNode cases = root.putArray("cases");
        for (CaseResult r : summary.results()) {
            cases.addObject().put("kind", r.kind()).put("name", r.name()).put("outcome", r.outcome().name().toLowerCase(Locale.ROOT))
                    .put("detail", r.detail());
        }
        return root;
    }
}
