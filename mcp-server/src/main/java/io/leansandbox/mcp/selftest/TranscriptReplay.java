package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.lean.ReplStep;

import java.util.Optional;

/**
 * Replays one recorded transcript on a fresh REPL and compares each answer with the recorded one
 * as parsed JSON (key order and layout do not matter; every value does, env and proof state ids
 * included: a fresh REPL hands them out from 0, as the recorded one did).
 */
public final class TranscriptReplay {

    private final Lean lean;

    public TranscriptReplay(Lean lean) {
        this.lean = lean;
    }

    /** The case's result: match, the first answer that differs, or (the REPL went) the answer that never came. */
    public CaseResult replay(RecordedTranscript t) {
        int n = t.commands().size();
        try (Repl repl = lean.openRepl()) {
            for (int i = 0; i < n; i++) {
                JsonNode command = t.commands().get(i);
                String which = "answer " + (i + 1) + " of " + n + " (to " + JsonDifference.show(command) + ")";
                ReplStep step = repl.exchange(command);
                if (!step.answered()) {
                    return CaseResult.differs(CaseResult.TRANSCRIPT, t.name(), which + ": no answer, the REPL ended: "
                            + step.result().status() + oneLine(step.result().stderr()));
                }
                Optional<String> difference = JsonDifference.between(t.answers().get(i), step.answer().raw());
                if (difference.isPresent()) {
                    return CaseResult.differs(CaseResult.TRANSCRIPT, t.name(), which + ": " + difference.get());
                }
            }
        } catch (LeanSandboxException e) {
            return CaseResult.differs(CaseResult.TRANSCRIPT, t.name(), "the engine could not run it: " + e.getMessage());
        }
        return CaseResult.match(CaseResult.TRANSCRIPT, t.name(), n + " answer(s) equal the recorded ones");
    }

    private static String oneLine(String text) {
        String line = String.join(" ", text.strip().split("\\R")).strip();
        return line.isEmpty() ? "" : ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
    }
}
