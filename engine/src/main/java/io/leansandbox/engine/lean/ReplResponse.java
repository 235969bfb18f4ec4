package io.leansandbox.engine.lean;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Sorry;

import java.util.List;

/**
 * One answer of the Lean REPL.
 *
 * @param env           the environment a command produced, or null
 * @param proofState    the proof state a tactic produced, or null
 * @param messages      Lean's messages
 * @param sorries       the sorries found
 * @param goals         the goals after a tactic
 * @param proofStatus   the REPL's proof status after a tactic, or null
 * @param protocolError the REPL's own error ({@code {"message": ...}}), or null; Lean errors are messages
 * @param raw           the whole answer, for fields not modelled here (tactics, infotree)
 */
public record ReplResponse(
        Integer env,
        Integer proofState,
        List<Diagnostic> messages,
        List<Sorry> sorries,
        List<String> goals,
        String proofStatus,
        String protocolError,
        JsonNode raw) {

    public ReplResponse {
        messages = List.copyOf(messages);
        sorries = List.copyOf(sorries);
        goals = List.copyOf(goals);
    }

    public boolean hasErrors() {
        return messages.stream().anyMatch(Diagnostic::isError);
    }
}
