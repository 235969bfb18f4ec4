package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Statement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A problems file (JSONL, miniF2F / DeepSeek-Prover style): per line {@code name},
 * {@code formal_statement} (a theorem ending in {@code := by sorry}, {@code := sorry} or
 * {@code := by}) and optionally {@code header} (imports, {@code open}, options); other fields are
 * ignored.
 *
 * @param problems the problems by name, in file order; those with a bad statement included (see {@link InputProblem#usable()})
 * @param issues   lines skipped, and statements that could not be parsed
 */
public record ProblemsFile(Map<String, InputProblem> problems, List<InputIssue> issues) {

    public ProblemsFile {
        problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
        issues = List.copyOf(issues);
    }

    /** Reads {@code path}; an {@link EvalInputException} when it is missing, unreadable or empty. */
    public static ProblemsFile read(Path path) {
        List<InputIssue> issues = new ArrayList<>();
        Map<String, InputProblem> problems = new LinkedHashMap<>();
        for (JsonLines.Line line : JsonLines.readNonEmpty(path, "problems", issues).objects()) {
            String file = path.toString();
            String name;
            String formal;
            String header;
            try {
                name = JsonLines.string(line.object(), "name");
                formal = JsonLines.string(line.object(), "formal_statement");
                header = JsonLines.string(line.object(), "header");
            } catch (IllegalArgumentException e) {
                issues.add(new InputIssue(file, line.number(), e.getMessage() + "; problem skipped"));
                continue;
            }
            if (name == null || name.isBlank()) {
                issues.add(new InputIssue(file, line.number(), "missing required field 'name'; problem skipped"));
                continue;
            }
            if (problems.containsKey(name)) {
                issues.add(new InputIssue(file, line.number(), "problem '" + name + "' is already defined at line "
                        + problems.get(name).line() + "; this one is skipped"));
                continue;
            }
            if (formal == null) {
                issues.add(new InputIssue(file, line.number(), "problem '" + name + "' has no 'formal_statement'; its candidates are skipped"));
                problems.put(name, new InputProblem(name, line.number(), null, "it has no formal_statement"));
                continue;
            }
            try {
                problems.put(name, new InputProblem(name, line.number(), Statement.parse(header, formal), null));
            } catch (IllegalArgumentException e) {
                issues.add(new InputIssue(file, line.number(), "problem '" + name + "': bad formal_statement: " + e.getMessage()
                        + "; its candidates are skipped"));
                problems.put(name, new InputProblem(name, line.number(), null, "its formal_statement is bad: " + e.getMessage()));
            }
        }
        // Lines that are not JSON are found while reading, the rest after: report them in line order.
        issues.sort(Comparator.comparingInt(InputIssue::line));
        return new ProblemsFile(problems, issues);
    }

    public Optional<InputProblem> problem(String name) {
        return Optional.ofNullable(problems.get(name));
    }
}
