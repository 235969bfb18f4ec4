package io.leansandbox.engine.lean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;

import java.util.ArrayList;
import java.util.List;

/** Reads the Lean REPL's JSON answers. */
public final class ReplResponseParser {

    private final ObjectMapper json;

    public ReplResponseParser(ObjectMapper json) {
        this.json = json;
    }

    /** Parses one answer; a malformed one is an {@link IllegalArgumentException} naming the problem. */
    public ReplResponse parse(String answer) {
        JsonNode root;
        try {
            // Exactly one JSON value: a second one glued to the answer was written by something else.
            root = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the REPL answered with malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the REPL answered with something other than a JSON object: " + abbreviate(answer));
        }
        return parse(root);
    }

    public ReplResponse parse(JsonNode root) {
        List<Diagnostic> messages = new ArrayList<>();
        for (JsonNode m : root.path("messages")) {
            messages.add(new Diagnostic(Severity.parse(m.path("severity").asText()),
                    position(m.get("pos")), position(m.get("endPos")), m.path("data").asText()));
        }
        List<Sorry> sorries = new ArrayList<>();
        for (JsonNode s : root.path("sorries")) {
            sorries.add(new Sorry(position(s.get("pos")), position(s.get("endPos")),
                    s.path("goal").asText(), integer(s.get("proofState"))));
        }
        List<String> goals = new ArrayList<>();
        for (JsonNode g : root.path("goals")) {
            goals.add(g.asText());
        }
        boolean protocolError = root.has("message") && !root.has("env") && !root.has("proofState");
        return new ReplResponse(
                integer(root.get("env")),
                integer(root.get("proofState")),
                messages, sorries, goals,
                root.hasNonNull("proofStatus") ? root.get("proofStatus").asText() : null,
                protocolError ? root.get("message").asText() : null,
                root);
    }

    private static Position position(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return new Position(node.path("line").asInt(), node.path("column").asInt());
    }

    private static Integer integer(JsonNode node) {
        return node == null || node.isNull() ? null : node.asInt();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
