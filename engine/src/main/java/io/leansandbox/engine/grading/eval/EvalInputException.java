package io.leansandbox.engine.grading.eval;

/** An input file cannot be used at all (missing, unreadable, not UTF-8, empty): nothing is graded. */
public class EvalInputException extends RuntimeException {

    public EvalInputException(String message) {
        super(message);
    }

    public EvalInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
