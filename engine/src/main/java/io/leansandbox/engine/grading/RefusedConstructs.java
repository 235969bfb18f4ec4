package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.SourceOffset;
import io.leansandbox.engine.lean.SourceScanner;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link Trust#FAST} grading refuses to grade: constructs that run code at elaboration time
 * (and so could write to the REPL's stdout or change its state) or change how later syntax
 * elaborates (and so could redirect the {@code #print axioms} probes or the statement). Matched as
 * tokens of the code, with comments and strings ignored: {@code elaboration} is not {@code elab}.
 *
 * <p>A guard against honest mistakes and crude hacks. A determined adversary is met by
 * {@link Trust#GOLD}, whose verdict never depends on what the candidate's sandbox says.
 */
public final class RefusedConstructs {

    /** One refused construct and where it is. */
    public record Refusal(String construct, int line, int column, String why) {
        public String describe() {
            return "`" + construct + "` at line " + line + ", column " + column + " " + why;
        }
    }

    private static final String RUNS_CODE = "runs code while Lean elaborates, so the REPL's answers cannot be trusted";
    private static final String CHANGES_SYNTAX = "changes how later code elaborates, so the probes cannot be trusted";

    private static final Set<String> CODE = Set.of("#eval", "#exit", "run_cmd", "run_tac", "run_elab", "run_meta",
            "initialize", "builtin_initialize", "unsafe", "implemented_by", "extern", "prelude");
    private static final Set<String> SYNTAX = Set.of("notation", "infix", "infixl", "infixr", "prefix", "postfix",
            "syntax", "macro", "macro_rules", "elab", "elab_rules", "declare_syntax_cat", "simproc", "dsimproc",
            "simproc_decl", "dsimproc_decl", "instance", "attribute", "export", "binder_predicate", "open_syntax");

    /** Attributes that only tag a declaration for tactics of later proofs; any other is refused. */
    private static final Set<String> SAFE_ATTRIBUTES = Set.of("simp", "reducible", "irreducible", "semireducible",
            "inline", "noinline", "specialize", "ext", "norm_cast", "push_cast", "congr", "refl", "symm", "trans",
            "gcongr", "elab_as_elim", "induction_eliminator", "cases_eliminator", "deprecated", "inherit_doc", "nolint",
            "simps", "aesop", "grind", "mono");

    /** Options that bound or print, and change no meaning; any other {@code set_option} is refused. */
    private static final List<String> SAFE_OPTIONS = List.of("maxHeartbeats", "maxRecDepth", "synthInstance.maxHeartbeats",
            "synthInstance.maxSize", "autoImplicit", "relaxedAutoImplicit", "exponentiation.threshold", "linter.", "pp.",
            "trace.", "profiler");

    private static final Pattern TOKEN = Pattern.compile("@\\[|#?[\\p{L}_][\\p{L}\\p{N}_'!?.]*");

    private RefusedConstructs() {
    }

    /** The first refused construct in {@code candidateText}, if any. */
    public static Optional<Refusal> find(String candidateText) {
        String code = SourceScanner.codeOnly(candidateText);
        Matcher m = TOKEN.matcher(code);
        while (m.find()) {
            String token = m.group();
            if (token.equals("@[")) {
                Optional<Refusal> refused = attributes(candidateText, code, m.end());
                if (refused.isPresent()) {
                    return refused;
                }
                continue;
            }
            String word = token.endsWith("!") ? token.substring(0, token.length() - 1) : token;
            if (CODE.contains(word)) {
                return Optional.of(refusal(candidateText, m.start(), word, RUNS_CODE));
            }
            if (SYNTAX.contains(word)) {
                return Optional.of(refusal(candidateText, m.start(), word, CHANGES_SYNTAX));
            }
            if (word.equals("set_option")) {
                Matcher option = TOKEN.matcher(code);
                if (option.find(m.end()) && SAFE_OPTIONS.stream().noneMatch(safe -> safe.endsWith(".")
                        ? option.group().startsWith(safe) : option.group().equals(safe))) {
                    return Optional.of(refusal(candidateText, option.start(), "set_option " + option.group(),
                            "is not an option known to leave meanings alone"));
                }
            }
        }
        return Optional.empty();
    }

    /** Checks each attribute of the list {@code @[a, b c, ...]} whose contents start at {@code from}. */
    private static Optional<Refusal> attributes(String text, String code, int from) {
        int depth = 1;
        int itemStart = from;
        for (int i = from; i < code.length() && depth > 0; i++) {
            char c = code.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if ((c == ',' && depth == 1) || depth == 0) {
                Matcher name = TOKEN.matcher(code.substring(itemStart, i));
                while (name.find()) {
                    String attribute = name.group();
                    if (attribute.equals("local") || attribute.equals("scoped")) {
                        continue;
                    }
                    if (!SAFE_ATTRIBUTES.contains(attribute)) {
                        return Optional.of(refusal(text, itemStart + name.start(), "@[" + attribute + "]",
                                "is an attribute that can change how later code elaborates"));
                    }
                    break;
                }
                itemStart = i + 1;
            }
        }
        return Optional.empty();
    }

    private static Refusal refusal(String text, int offset, String construct, String why) {
        SourceOffset at = SourceOffset.of(text, offset);
        return new Refusal(construct, at.line(), at.column(), why);
    }
}
