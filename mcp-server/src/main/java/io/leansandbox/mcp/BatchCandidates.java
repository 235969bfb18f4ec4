package io.leansandbox.mcp;

import io.leansandbox.engine.grading.Statement;
import io.leansandbox.engine.grading.eval.AttemptKey;
import io.leansandbox.engine.grading.eval.Candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The candidates of a {@code verify-batch} call: {@code candidates} (each {@code custom_id}?,
 * {@code problem}?, {@code code} or {@code proof}, {@code formal_statement}?, {@code header}?) or
 * Kimina's {@code codes} (each {@code custom_id} and {@code proof}). A proof with a
 * {@code formal_statement} completes it; without one (Kimina's shape) it is a whole file, like
 * {@code code}. A bad candidate fails the call, naming it: its result would otherwise be a guess.
 */
final class BatchCandidates {

    static final String CANDIDATES = "candidates";
    static final String CODES = "codes";
    static final String CUSTOM_ID = "custom_id";
    static final String PROBLEM = "problem";
    static final String PROOF = "proof";
    /** Most candidates one call takes: a call holds its client until every one is graded. */
    static final int MAX = 256;

    static final List<String> ITEM_FIELDS = List.of(CUSTOM_ID, PROBLEM, ToolArguments.CODE, PROOF,
            ToolArguments.FORMAL_STATEMENT, ToolArguments.HEADER);

    /**
     * One candidate of the call.
     *
     * @param id        what its result is named by: its custom_id, else its problem, else its index
     * @param candidate what is graded
     */
    record Item(String id, Candidate candidate) {
    }

    private BatchCandidates() {
    }

    static List<Item> of(Map<String, Object> arguments) {
        Object given = arguments == null ? null : arguments.get(CANDIDATES);
        Object kimina = arguments == null ? null : arguments.get(CODES);
        if (given != null && kimina != null) {
            throw new ToolArguments.BadArgumentException("give '" + CANDIDATES + "' or Kimina's '" + CODES + "', not both");
        }
        String key = given != null ? CANDIDATES : CODES;
        Object value = given != null ? given : kimina;
        if (value == null) {
            throw new ToolArguments.BadArgumentException("missing required argument '" + CANDIDATES
                    + "' (an array of candidates, each with 'code' or 'proof'; or Kimina's '" + CODES + "')");
        }
        if (!(value instanceof List<?> list)) {
            throw new ToolArguments.BadArgumentException("argument '" + key + "' must be an array of candidates, got "
                    + ToolArguments.jsonType(value));
        }
        if (list.isEmpty()) {
            throw new ToolArguments.BadArgumentException("argument '" + key + "' is empty: give at least one candidate");
        }
        if (list.size() > MAX) {
            throw new ToolArguments.BadArgumentException("argument '" + key + "' holds " + list.size() + " candidates; one call takes at most "
                    + MAX + ": split the batch (or use the eval command for large ones)");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                items.add(item(list.get(i), i));
            } catch (ToolArguments.BadArgumentException e) {
                throw new ToolArguments.BadArgumentException(key + "[" + i + "]: " + e.getMessage());
            }
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Item item(Object value, int index) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw new ToolArguments.BadArgumentException("a candidate must be an object, got " + ToolArguments.jsonType(value));
        }
        Map<String, Object> fields = (Map<String, Object>) raw;
        // A misspelt field (formal_statment) must not quietly drop the statement check.
        for (Object name : fields.keySet()) {
            if (!ITEM_FIELDS.contains(name)) {
                throw new ToolArguments.BadArgumentException("unknown field '" + name + "' (a candidate takes " + String.join(", ", ITEM_FIELDS) + ")");
            }
        }
        Optional<String> customId = ToolArguments.optionalString(fields, CUSTOM_ID, false);
        Optional<String> problem = ToolArguments.optionalString(fields, PROBLEM, false);
        Optional<String> code = ToolArguments.optionalString(fields, ToolArguments.CODE, true);
        Optional<String> proof = ToolArguments.optionalString(fields, PROOF, true);
        Statement statement = ToolArguments.statement(fields).orElse(null);
        if (code.isPresent() == proof.isPresent()) {
            throw new ToolArguments.BadArgumentException(code.isPresent() ? "both 'code' and 'proof' are given; give one"
                    : "give 'code' (a whole Lean file) or 'proof'");
        }
        String id = customId.or(() -> problem).orElse(String.valueOf(index));
        AttemptKey key = new AttemptKey(id, index);
        Candidate candidate = proof.isPresent() && statement != null ? Candidate.ofProof(key, statement, proof.get())
                : Candidate.ofCode(key, code.orElseGet(proof::get), statement);
        return new Item(id, candidate);
    }
}
