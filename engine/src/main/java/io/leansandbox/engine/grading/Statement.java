package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.Declarations;
import io.leansandbox.engine.lean.SourceScanner;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trusted formal statement: the theorem a candidate must prove, as benchmarks write it
 * ({@code theorem NAME BINDERS : TYPE := by sorry}, {@code := sorry} or {@code := by}), with the
 * header it is stated under (imports, {@code open}, options).
 *
 * @param header    the lines before the theorem (may be empty)
 * @param text      the formal statement as given
 * @param name      the theorem's name
 * @param signature its binders and type, comments removed and whitespace collapsed: what a candidate's
 *                  theorem of that name must state
 * @param stem      the statement up to and including its final {@code :=}
 * @param tactic    whether the proof goes after {@code by} (the statement ended in {@code by} or {@code by sorry})
 */
public record Statement(String header, String text, String name, String signature, String stem, boolean tactic) {

    private static final Pattern PROOF_HOLE = Pattern.compile(":=\\s*(by\\s*)?(sorry)?\\s*$");
    private static final Pattern STARTS_WITH_BY = Pattern.compile("^\\s*by\\b");

    /** Parses {@code formalStatement}; an {@link IllegalArgumentException} names what is wrong with it. */
    public static Statement parse(String header, String formalStatement) {
        String head = header == null ? "" : header.strip();
        if (formalStatement == null || formalStatement.isBlank()) {
            throw new IllegalArgumentException("the formal statement is empty");
        }
        String text = formalStatement.strip();
        Declaration theorem = Declarations.in(text).stream().filter(Declaration::isTheorem).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the formal statement declares no theorem or lemma"));
        if (theorem.name() == null) {
            throw new IllegalArgumentException("the formal statement's theorem has no name");
        }
        Matcher hole = PROOF_HOLE.matcher(SourceScanner.codeOnly(text));
        if (!hole.find()) {
            throw new IllegalArgumentException("the formal statement of " + theorem.name()
                    + " must end in ':= by sorry', ':= sorry' or ':= by'");
        }
        String stem = text.substring(0, hole.start() + 2);
        String signature = signature(text, theorem).orElseThrow(() -> new IllegalArgumentException(
                "cannot find the type of " + theorem.name() + " in the formal statement"));
        return new Statement(head, text, theorem.name(), signature, stem, hole.group(1) != null);
    }

    /** The challenge: header and statement with its proof left as {@code sorry}, the statement's own text kept as given. */
    public String challenge() {
        return withHeader(SourceScanner.codeOnly(text).stripTrailing().endsWith("sorry") ? text : text + " sorry");
    }

    /** The whole file for a candidate that gives only the proof: what replaces the final {@code sorry} (or follows {@code by}). */
    public String complete(String proof) {
        String body = proof.strip();
        String joined = tactic && !STARTS_WITH_BY.matcher(proof).find() ? stem + " by\n" + indented(proof) : stem + " " + body;
        return withHeader(joined);
    }

    private static String indented(String proof) {
        String trimmed = proof.stripTrailing();
        // A tactic block must be indented; keep the candidate's own indentation when it has one.
        return trimmed.startsWith(" ") || trimmed.startsWith("\t") ? trimmed : "  " + trimmed.replace("\n", "\n  ");
    }

    private String withHeader(String rest) {
        return header.isEmpty() ? rest + "\n" : header + "\n\n" + rest + "\n";
    }

    /**
     * A declaration's binders and type: its text from after its name to the first {@code :=} (or
     * {@code |}, {@code where}) outside brackets, comments removed and whitespace collapsed.
     */
    public static Optional<String> signature(String source, Declaration declaration) {
        String code = SourceScanner.codeOnly(source);
        int lineStart = 0;
        for (int line = 1; line < declaration.startLine() && lineStart >= 0; line++) {
            lineStart = code.indexOf('\n', lineStart) + 1;
        }
        Matcher keyword = Pattern.compile("\\b" + Pattern.quote(declaration.kind()) + "\\b").matcher(code);
        if (lineStart < 0 || !keyword.find(lineStart)) {
            return Optional.empty();
        }
        int i = keyword.end();
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        i = skipName(code, i);
        int depth = 0;
        for (int j = i; j < code.length(); j++) {
            char c = code.charAt(j);
            if ("([{⟨⦃".indexOf(c) >= 0) {
                depth++;
            } else if (")]}⟩⦄".indexOf(c) >= 0) {
                depth--;
            } else if (depth == 0 && (code.startsWith(":=", j) || c == '|' || code.startsWith("where", j))) {
                return Optional.of(code.substring(i, j).strip().replaceAll("\\s+", " "));
            }
        }
        return Optional.empty();
    }

    private static int skipName(String code, int i) {
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '«') {
                int close = code.indexOf('»', i);
                i = close < 0 ? code.length() : close + 1;
            } else if (Character.isWhitespace(c) || "([{⦃:".indexOf(c) >= 0) {
                return i;
            } else {
                i++;
            }
        }
        return i;
    }
}
