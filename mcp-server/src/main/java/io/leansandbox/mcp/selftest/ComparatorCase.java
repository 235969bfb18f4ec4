package io.leansandbox.mcp.selftest;

import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Challenge;

/**
 * One of comparator's test projects with its recorded outcome (its {@code test.json}).
 *
 * @param name      the project's folder name
 * @param challenge the trusted challenge: module, source, theorem and definition names from {@code config.json}
 * @param solution  the submitted {@code Solution.lean}
 * @param axioms    {@code permitted_axioms}
 * @param accepted  whether comparator accepted the solution ({@code exit_code} 0) or rejected it (1)
 */
public record ComparatorCase(String name, Challenge challenge, String solution, AxiomPolicy axioms, boolean accepted) {
}
