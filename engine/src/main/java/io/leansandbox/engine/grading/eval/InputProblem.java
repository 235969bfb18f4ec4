package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Statement;

/**
 * One problem of a problems file.
 *
 * @param name           its name, which candidates refer to
 * @param line           its line in the problems file
 * @param statement      its parsed formal statement, or null when it could not be parsed
 * @param statementError why the formal statement could not be parsed, or null
 */
public record InputProblem(String name, int line, Statement statement, String statementError) {

    public boolean usable() {
        return statement != null;
    }
}
