package io.leansandbox.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Inputs whose verdict comes from a recorded transcript of the real REPL (the stand-in replays
 * it), never from the stand-in's default answer.
 */
public final class LeanInputs {

    private LeanInputs() {
    }

    /** The code of the first command of a transcript. */
    public static String firstCommandOf(String transcript) {
        try {
            return new ObjectMapper().readTree(Transcripts.named(transcript).commands().get(0)).get("cmd").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code def f := 37}: the real REPL accepts it silently (transcript def_eval). */
    public static String accepted() {
        return firstCommandOf("def_eval");
    }

    /** A stand-in fault directive line (see docker/standin/README.md). */
    public static String directive(String directive) {
        return "--! standin: " + directive + "\n";
    }
}
