package io.leansandbox.mcp.selftest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.Diagnostic;

import java.util.Optional;

/**
 * Whether the image has Mathlib, by what matters: a fresh REPL's answer to {@code import Mathlib}.
 * An image name or label could claim Mathlib that is not there (or miss a user's own image that has
 * it); the answer cannot.
 */
public final class MathlibProbe {

    private MathlibProbe() {
    }

    /** Empty when {@code import Mathlib} is answered without an error; else why the image is taken to have no Mathlib. */
    public static Optional<String> absence(Lean lean) {
        try (Repl repl = lean.openRepl()) {
            ReplStep step = repl.exchange(JsonNodeFactory.instance.objectNode().put("cmd", "import Mathlib"));
            if (!step.answered()) {
                return Optional.of("import Mathlib got no answer: " + step.result().status());
            }
            if (step.answer().protocolError() != null) {
                return Optional.of("import Mathlib: " + step.answer().protocolError());
            }
            return step.answer().messages().stream().filter(Diagnostic::isError).findFirst()
                    .map(d -> "import Mathlib: " + firstLine(d.message()));
        } catch (LeanSandboxException e) {
            return Optional.of("import Mathlib could not run: " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
