package io.leansandbox.engine.warm;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a warm REPL may serve another check after this one. It may only if the check
 * could not have had effects outside Lean's environment (each check starts again from the header's
 * environment, so effects inside it vanish). Conservative on purpose: any of these words anywhere in
 * the text, even in a comment or a string, recycles the REPL and resets its sandbox:
 * {@code #eval}, {@code #exit}, {@code run_cmd}, {@code run_tac}, {@code run_elab}, {@code run_meta},
 * {@code elab}, {@code macro}, {@code initialize}, {@code unsafe}, {@code extern},
 * {@code implemented_by}, {@code native_decide} (runs compiled code), and {@code IO}.
 */
public final class WarmReuseRule {

    static final List<String> EFFECTFUL = List.of("#eval", "#exit", "run_cmd", "run_tac", "run_elab", "run_meta",
            "elab", "macro", "initialize", "unsafe", "extern", "implemented_by", "native_decide", "IO");

    private WarmReuseRule() {
    }

    /** The first word that makes {@code text} unsafe to follow on the same REPL, if any. */
    public static Optional<String> effectfulWord(String text) {
        return EFFECTFUL.stream().filter(text::contains).findFirst();
    }
}
