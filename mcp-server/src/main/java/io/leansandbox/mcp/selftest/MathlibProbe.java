package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.Diagnostic;

import java.util.Optional;

/**
 * Whether the image has Mathlib, by what matters: a fresh REPL's answer to {@code import Mathlib}.
 * An image name or label could claim Mathlib that is not there (or miss a user's own image that has
 * it); the answer cannot. Only Lean saying it cannot find the module means "no Mathlib": an import
 * that times out, runs out of memory or fails otherwise means a Mathlib that does not work, and its
 * transcripts then run and differ instead of being skipped.
 */
public final class MathlibProbe {

    private MathlibProbe() {
    }

    /** Lean's words for a module it cannot find (Lean.Util.Path: findOLean, "unknown module prefix"; Lake: "unknown package"). */
    private static final java.util.regex.Pattern NOT_FOUND = java.util.regex.Pattern.compile(
            "unknown module prefix|unknown package|object file .* does not exist|no such file", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Why the image is taken to have no Mathlib (Lean cannot find it); empty otherwise, a Mathlib that fails included. */
    public static Optional<String> absence(Lean lean) {
        try (Repl repl = lean.openRepl()) {
            ReplStep step = repl.exchange(JsonNodeFactory.instance.objectNode().put("cmd", "import Mathlib"));
            if (!step.answered()) {
                return Optional.empty(); // no answer (a timeout, out of memory): its transcripts run and say so
            }
            return step.answer().messages().stream().filter(Diagnostic::isError)
                    .filter(d -> NOT_FOUND.matcher(d.message()).find()).findFirst()
                    .map(d -> "import Mathlib: " + firstLine(d.message()));
        } catch (LeanSandboxException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
