package io.leansandbox.engine.grading.eval;

/**
 * Something wrong with one line of an input file (or of the results file): the line is skipped,
 * everything else is graded.
 *
 * @param file    the file's name as given
 * @param line    its line number, from 1
 * @param message what is wrong, and what was done about it
 */
public record InputIssue(String file, int line, String message) {

    /** {@code FILE:LINE: message}, the form editors and consoles link. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
