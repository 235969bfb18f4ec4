package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One recording of the real Lean REPL: the commands sent ({@code NAME.in}) and the answers it gave
 * ({@code NAME.expected.out}), in order.
 *
 * @param name     the path of {@code NAME.in} below the transcript directory, without {@code .in}, e.g. {@code Mathlib/test/exact}
 * @param commands the commands as the REPL read them (null for a block that is not JSON)
 * @param problem  why the recording cannot be replayed as it stands (not JSON, counts differ), or null
 * @param answers  the recorded answers, parsed
 */
public record RecordedTranscript(String name, List<JsonNode> commands, List<JsonNode> answers, String problem) {

    public RecordedTranscript {
        // Not List.copyOf: a block that is not JSON stays in its place as null.
        commands = Collections.unmodifiableList(new ArrayList<>(commands));
        answers = Collections.unmodifiableList(new ArrayList<>(answers));
    }
}
