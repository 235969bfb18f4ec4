package io.leansandbox.engine;

import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.lean.InfoTree;
import io.leansandbox.engine.lean.LeanSource;
import io.leansandbox.engine.lean.ReplStep;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Goals at a place in some code, on a REPL of its own (a clean sandbox of the pool, as
 * {@link LeanSandbox#openRepl()} gives): the code is elaborated once, with the REPL's info trees
 * ({@link InfoTree#ORIGINAL}), under the same import policy as {@link LeanSandbox#run(String)}. For
 * code in a session's environment, see {@link io.leansandbox.engine.session.SessionManager#goalsAt}.
 */
public final class GoalsAtRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoalsAtRun() {
    }

    /** The goals at {@code line} (and {@code column}, when not null) of {@code code}. */
    public static GoalsAtReply once(LeanSandbox lean, String code, int line, Integer column) {
        return once(lean, code, line, column, InfoTree.ORIGINAL);
    }

    /**
     * {@link #once(LeanSandbox, String, int, Integer)} with another of the REPL's {@code infotree}
     * options ({@code "full"}, {@code "tactics"}, {@code "substantive"}): for tests that replay
     * recorded answers, which were recorded with those.
     */
    public static GoalsAtReply once(LeanSandbox lean, String code, int line, Integer column, String infotree) {
        LeanSource source = LeanSource.of(code, lean.settings().maxSourceBytes());
        lean.settings().importPolicy().violation(source.header()).ifPresent(why -> {
            throw new InvalidSourceException(why);
        });
        try (ReplConversation repl = lean.openRepl()) {
            ReplStep step = repl.exchange(GoalsAtReply.command(JSON, source.text(), null, infotree));
            return GoalsAtReply.of(null, source.text(), step.result(), step.answer(), null, line, column);
        }
    }
}
