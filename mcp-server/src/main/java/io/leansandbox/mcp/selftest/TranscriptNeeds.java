package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a recorded transcript needs besides a fresh REPL, read from its commands.
 *
 * <p>Files: the REPL's own tests ran in its {@code test/} directory, and some read files that are
 * not recorded ({@code {"path": "test/file.lean"}}), write pickles there ({@code "pickleTo":
 * "test/a.olean"}) or read pickles another transcript wrote. A relative path is resolved against the
 * REPL's working directory, which in a sandbox is read-only and holds none of those files
 * (docker/CONTRACT.md): such a transcript cannot give its recorded answers there, whatever the image.
 * Absolute paths (a user's own recordings, e.g. under {@code /tmp}) are replayed as they are.
 *
 * <p>Mathlib: the recordings under a {@code Mathlib} directory ran in a project with Mathlib, and a
 * command that imports Mathlib needs it.
 */
public final class TranscriptNeeds {

    /** The command fields that name a file, as the REPL at the pinned commit reads them. */
    static final List<String> FILE_FIELDS = List.of("path", "pickleTo", "unpickleEnvFrom", "unpickleProofStateFrom");

    private static final Pattern IMPORTS_MATHLIB = Pattern.compile("(?m)^\\s*import\\s+(.*\\s)?Mathlib(\\.|\\s|$)");

    private TranscriptNeeds() {
    }

    /** Why {@code t} cannot give its recorded answers in any sandbox, if it cannot. */
    public static Optional<String> unreplayable(RecordedTranscript t) {
        if (t.problem() != null) {
            return Optional.of("the recording cannot be replayed: " + t.problem());
        }
        for (JsonNode command : t.commands()) {
            for (String field : FILE_FIELDS) {
                JsonNode file = command.get(field);
                if (file != null && file.isTextual() && !file.asText().startsWith("/")) {
                    return Optional.of("uses the relative path " + file.asText() + " (\"" + field + "\"): in a sandbox the REPL's "
                            + "working directory is read-only and has none of the recording's files");
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code t} needs an image with Mathlib. */
    public static boolean mathlib(RecordedTranscript t) {
        if (List.of(t.name().split("/")).contains("Mathlib")) {
            return true;
        }
        return t.commands().stream().anyMatch(c -> c != null && c.path("cmd").isTextual() && IMPORTS_MATHLIB.matcher(c.path("cmd").asText()).find());
    }
}
