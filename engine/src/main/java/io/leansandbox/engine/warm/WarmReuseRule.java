package io.leansandbox.engine.warm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a check may run on a warm REPL that serves other callers' checks before and after
 * it. Only code that cannot run anything at elaboration time may: code that runs (an {@code #eval},
 * an elaborator, a macro, a simproc, IO) could read what the REPL holds of earlier callers or leave
 * something for later ones. Such a check takes a REPL of its own, in a freshly reset sandbox.
 *
 * <p>Conservative on purpose: the text is split into identifier tokens, dotted names into their parts,
 * everywhere (comments and strings included), compared without regard to case. A token trips the
 * rule when it is one of {@link #EXACT} or starts with one of {@link #PREFIXES}: so
 * {@code Lean.Elab.Tactic}, {@code elab_rules}, {@code macro_rules}, {@code run_cmd},
 * {@code @[command_elab ...]} and {@code IO.println} all do, {@code simp} and {@code decide} do not.
 */
public final class WarmReuseRule {

    /** Tokens that run code, or make code run, when Lean elaborates them. */
    static final Set<String> EXACT = Set.of("#exit", "io", "unsafe", "extern", "implemented_by", "initialize",
            "native_decide", "syntax", "tactic", "delab", "app_unexpander", "by_elab", "meta", "metam", "tacticm",
            "corem", "commandelabm", "termelabm", "register_option", "declare_syntax_cat", "deriving_handler");

    /** Token prefixes that do the same: {@code run_cmd}, {@code elab_rules}, {@code macro_rules}, {@code simproc_decl}... */
    static final List<String> PREFIXES = List.of("#eval", "run_", "elab", "macro", "simproc", "dsimproc", "builtin_",
            "term_elab", "command_elab", "evaltactic", "evalexpr", "ioref", "register_");

    private static final Pattern TOKEN = Pattern.compile("#?[\\p{L}_][\\p{L}\\p{N}_'!?]*");

    private WarmReuseRule() {
    }

    /** The first token that keeps {@code text} off a shared warm REPL, as written, if any. */
    public static Optional<String> effectfulToken(String text) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group();
            String word = token.toLowerCase(Locale.ROOT);
            if (word.endsWith("!")) {
                word = word.substring(0, word.length() - 1);
            }
            if (EXACT.contains(word) || PREFIXES.stream().anyMatch(word::startsWith)) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }
}
