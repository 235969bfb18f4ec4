package io.leansandbox.engine.lean;

import java.util.List;
import java.util.Optional;

/**
 * The original server's import lists, applied to the module names of the parsed import header.
 * A module is allowed when it or one of its parent modules is listed ({@code Mathlib} allows
 * {@code Mathlib.Tactic}); blocked likewise. An empty allow-list allows every module.
 *
 * <p>This is a policy, not a security boundary: Lean code can run arbitrary IO through
 * {@code #eval} without importing anything. The container is the boundary.
 */
public record ImportPolicy(List<String> allowed, List<String> blocked) {

    /** The original's defaults. */
    public static final ImportPolicy DEFAULT = new ImportPolicy(
            List.of("Lean", "Init", "Std", "Mathlib"), List.of("System.IO.Process", "System.FilePath"));

    /** Allows everything. */
    public static final ImportPolicy OPEN = new ImportPolicy(List.of(), List.of());

    public ImportPolicy {
        allowed = List.copyOf(allowed);
        blocked = List.copyOf(blocked);
    }

    /** Why {@code header} is refused, or empty when every module is allowed. */
    public Optional<String> violation(ImportHeader header) {
        for (String module : header.modules()) {
            Optional<String> blocker = coveringEntry(blocked, module);
            if (blocker.isPresent()) {
                return Optional.of("import " + module + " is blocked (blocked_imports lists " + blocker.get() + ")");
            }
            if (!allowed.isEmpty() && coveringEntry(allowed, module).isEmpty()) {
                return Optional.of("import " + module + " is not allowed (allowed_imports: "
                        + String.join(", ", allowed) + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> coveringEntry(List<String> entries, String module) {
        return entries.stream()
                .filter(e -> module.equals(e) || module.startsWith(e + "."))
                .findFirst();
    }
}
