package io.leansandbox.mcp;

import io.leansandbox.engine.grading.Statement;
import io.leansandbox.engine.grading.Trust;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and checks the arguments of a tool call; a bad one is a {@link BadArgumentException} naming it. */
final class ToolArguments {

    static final String CODE = "code";
    static final String SESSION_ID = "session_id";
    static final String PROOF_STATE = "proof_state";
    static final String TACTIC = "tactic";
    static final String ALLOWED_AXIOMS = "allowed_axioms";
    static final String FORMAL_STATEMENT = "formal_statement";
    static final String HEADER = "header";
    static final String TRUST = "trust";
    static final String TACTICS = "tactics";
    static final String LINE = "line";
    static final String COLUMN = "column";

    private ToolArguments() {
    }

    /** The {@code code} argument: present, a string, not blank. */
    static String code(Map<String, Object> arguments) {
        return requiredString(arguments, CODE, "the Lean source to run", "give the Lean source to run");
    }

    /** The {@code session_id} argument when it is required: present, a string, not blank. */
    static String sessionId(Map<String, Object> arguments) {
        return requiredString(arguments, SESSION_ID, "the id a persistent tool returned", "give the id of an open session");
    }

    /** The optional {@code session_id}: empty when absent or null; else a string, not blank. */
    static Optional<String> optionalSessionId(Map<String, Object> arguments) {
        if (arguments == null || arguments.get(SESSION_ID) == null) {
            return Optional.empty();
        }
        Object value = arguments.get(SESSION_ID);
        if (!(value instanceof String text)) {
            throw new BadArgumentException("argument '" + SESSION_ID + "' must be a string, got " + jsonType(value));
        }
        if (text.isBlank()) {
            throw new BadArgumentException("argument '" + SESSION_ID + "' is empty: leave it out to open a new session");
        }
        return Optional.of(text);
    }

    /** The {@code tactic} argument: present, a string, not blank. */
    static String tactic(Map<String, Object> arguments) {
        return requiredString(arguments, TACTIC, "one Lean tactic, e.g. \"intro h\"", "give a tactic");
    }

    /**
     * The optional {@code session_id} of the original server's {@code execute-lean-persistent}: empty
     * when absent, null or the empty string (the original opened a new session for all three); else
     * a string, not blank.
     */
    static Optional<String> seedSessionId(Map<String, Object> arguments) {
        if (arguments != null && "".equals(arguments.get(SESSION_ID))) {
            return Optional.empty();
        }
        return optionalSessionId(arguments);
    }

    /** The {@code tactics} argument: an array of 1 to {@code max} tactics, none blank. */
    static List<String> tactics(Map<String, Object> arguments, int max) {
        if (arguments == null || !arguments.containsKey(TACTICS)) {
            throw new BadArgumentException("missing required argument '" + TACTICS + "' (an array of tactics to try, e.g. "
                    + "[\"simp\", \"omega\"])");
        }
        Object value = arguments.get(TACTICS);
        if (!(value instanceof List<?> items)) {
            throw new BadArgumentException("argument '" + TACTICS + "' must be an array of tactics, got " + jsonType(value));
        }
        if (items.isEmpty() || items.size() > max) {
            throw new BadArgumentException("argument '" + TACTICS + "' must hold 1 to " + max + " tactics, got " + items.size());
        }
        List<String> tactics = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String tactic) || tactic.isBlank()) {
                throw new BadArgumentException("argument '" + TACTICS + "' must hold tactics, but item " + i + " is "
                        + (items.get(i) instanceof String ? "empty" : jsonType(items.get(i))));
            }
            tactics.add(tactic);
        }
        return List.copyOf(tactics);
    }

    /** The {@code line} argument of {@code code}: a whole number from 1 to the number of lines of the code. */
    static int line(Map<String, Object> arguments, String code) {
        if (arguments == null || !arguments.containsKey(LINE)) {
            throw new BadArgumentException("missing required argument '" + LINE + "' (a line of the code, from 1)");
        }
        if (arguments.get(LINE) == null) {
            throw new BadArgumentException("argument '" + LINE + "' must be an integer, got null");
        }
        int lines = code.split("\n", -1).length;
        return optionalInt(arguments, LINE, 1, Math.max(1, lines), 1);
    }

    /** The optional {@code column} on {@code line} of {@code code}: from 0 to the line's length in codepoints; null when absent. */
    static Integer optionalColumn(Map<String, Object> arguments, String code, int line) {
        if (arguments == null || arguments.get(COLUMN) == null) {
            return null;
        }
        String text = code.split("\n", -1)[line - 1];
        return optionalInt(arguments, COLUMN, 0, text.codePointCount(0, text.length()), 0);
    }

    /** The {@code proof_state} argument: a whole number, 0 or more. */
    static int proofState(Map<String, Object> arguments) {
        if (arguments == null || !arguments.containsKey(PROOF_STATE)) {
            throw new BadArgumentException("missing required argument '" + PROOF_STATE
                    + "' (a proof state id from start-proof or apply-tactic, as an integer)");
        }
        Object value = arguments.get(PROOF_STATE);
        if (!(value instanceof Number number)) {
            throw new BadArgumentException("argument '" + PROOF_STATE + "' must be an integer, got " + jsonType(value));
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            throw new BadArgumentException("argument '" + PROOF_STATE + "' must be an integer, got " + number);
        }
        if (exact.signum() < 0 || exact.stripTrailingZeros().scale() > 0
                || exact.toBigInteger().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new BadArgumentException("argument '" + PROOF_STATE + "' must be an integer from 0 up, got " + number);
        }
        return exact.intValueExact();
    }

    /** The optional {@code allowed_axioms}: empty when absent or null; else an array of non-blank strings. */
    static Optional<List<String>> allowedAxioms(Map<String, Object> arguments) {
        if (arguments == null || arguments.get(ALLOWED_AXIOMS) == null) {
            return Optional.empty();
        }
        Object value = arguments.get(ALLOWED_AXIOMS);
        if (!(value instanceof List<?> items)) {
            throw new BadArgumentException("argument '" + ALLOWED_AXIOMS + "' must be an array of axiom names, got "
                    + jsonType(value));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String name) || name.isBlank()) {
                throw new BadArgumentException("argument '" + ALLOWED_AXIOMS + "' must hold axiom names, but item " + i
                        + " is " + (items.get(i) instanceof String ? "empty" : jsonType(items.get(i))));
            }
            names.add(name.strip());
        }
        return Optional.of(List.copyOf(names));
    }

    /** An optional string argument: empty when absent or null; else a string (blank only when {@code blankAllowed}). */
    static Optional<String> optionalString(Map<String, Object> arguments, String name, boolean blankAllowed) {
        if (arguments == null || arguments.get(name) == null) {
            return Optional.empty();
        }
        Object value = arguments.get(name);
        if (!(value instanceof String text)) {
            throw new BadArgumentException("argument '" + name + "' must be a string, got " + jsonType(value));
        }
        if (!blankAllowed && text.isBlank()) {
            throw new BadArgumentException("argument '" + name + "' is empty: leave it out, or give it a value");
        }
        return Optional.of(text);
    }

    /**
     * The optional {@code formal_statement} (with the optional {@code header} it is stated under),
     * parsed; a {@code header} without a statement, or a statement that is not a theorem ending in
     * {@code := by sorry}, {@code := sorry} or {@code := by}, is a bad argument.
     */
    static Optional<Statement> statement(Map<String, Object> arguments) {
        Optional<String> formal = optionalString(arguments, FORMAL_STATEMENT, false);
        Optional<String> header = optionalString(arguments, HEADER, true);
        if (formal.isEmpty()) {
            if (header.isPresent()) {
                throw new BadArgumentException("argument '" + HEADER + "' is only meaningful with '" + FORMAL_STATEMENT + "'");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(Statement.parse(header.orElse(""), formal.get()));
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException("argument '" + FORMAL_STATEMENT + "': " + e.getMessage());
        }
    }

    /**
     * The optional {@code trust}: {@code fast} (the default) or {@code gold}. {@code own} is for code
     * its own author checks, never for candidates an agent hands in, so tools refuse it.
     */
    static Trust trust(Map<String, Object> arguments) {
        Optional<String> name = optionalString(arguments, TRUST, false);
        if (name.isEmpty()) {
            return Trust.FAST;
        }
        if (name.get().equals("fast")) {
            return Trust.FAST;
        }
        if (name.get().equals("gold")) {
            return Trust.GOLD;
        }
        throw new BadArgumentException("argument '" + TRUST + "' must be \"fast\" or \"gold\", got \"" + name.get() + "\"");
    }

    /**
     * {@link #trust}, checked against what the engine can do: gold on an image without comparator
     * would end every valid candidate as infra_error, so it is refused up front.
     */
    static Trust trust(Map<String, Object> arguments, LeanEngine engine) {
        Trust trust = trust(arguments);
        if (trust == Trust.GOLD && !engine.goldAvailable()) {
            throw new BadArgumentException("argument 'trust': this server's image has no gold grading (comparator and "
                    + "docker/gold's scripts, built into the production image docker/Dockerfile); use \"fast\"");
        }
        return trust;
    }

    /** An optional whole-number argument from {@code min} to {@code max}; {@code otherwise} when absent or null. */
    static int optionalInt(Map<String, Object> arguments, String name, int min, int max, int otherwise) {
        if (arguments == null || arguments.get(name) == null) {
            return otherwise;
        }
        Object value = arguments.get(name);
        if (!(value instanceof Number number)) {
            throw new BadArgumentException("argument '" + name + "' must be an integer, got " + jsonType(value));
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            throw new BadArgumentException("argument '" + name + "' must be an integer, got " + number);
        }
        if (exact.stripTrailingZeros().scale() > 0 || exact.compareTo(BigDecimal.valueOf(min)) < 0
                || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new BadArgumentException("argument '" + name + "' must be an integer from " + min + " to " + max + ", got " + number);
        }
        return exact.intValueExact();
    }

    /**
     * Refuses arguments that {@code inputSchema} does not name when it closes its properties
     * ({@code "additionalProperties": false}); a schema that leaves them open (the original server's
     * three tools, which ignored unknown arguments) takes any.
     */
    static void allowOnly(Map<String, Object> arguments, Map<String, Object> inputSchema) {
        if (Boolean.FALSE.equals(inputSchema.get("additionalProperties"))) {
            allowOnly(arguments, Schemas.inputNames(inputSchema));
        }
    }

    /** Refuses arguments the tool does not take, naming them: a misspelt name must not be ignored. */
    static void allowOnly(Map<String, Object> arguments, List<String> names) {
        if (arguments == null) {
            return;
        }
        for (String given : arguments.keySet()) {
            if (!names.contains(given)) {
                throw new BadArgumentException("unknown argument '" + given + "' (this tool takes "
                        + (names.isEmpty() ? "no arguments" : String.join(", ", names)) + ")");
            }
        }
    }

    private static String requiredString(Map<String, Object> arguments, String name, String what, String hint) {
        if (arguments == null || !arguments.containsKey(name)) {
            throw new BadArgumentException("missing required argument '" + name + "' (" + what + ", as a string)");
        }
        Object value = arguments.get(name);
        if (!(value instanceof String text)) {
            throw new BadArgumentException("argument '" + name + "' must be a string, got " + jsonType(value));
        }
        if (text.isBlank()) {
            throw new BadArgumentException("argument '" + name + "' is empty: " + hint);
        }
        return text;
    }

    static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof List<?> || value.getClass().isArray()) {
            return "an array";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }

    /** A tool argument is missing or has the wrong shape. */
    static final class BadArgumentException extends RuntimeException {
        BadArgumentException(String message) {
            super(message);
        }
    }
}
