package io.leansandbox.junit;

/**
 * A file's check reached no verdict: the time or memory limit, a sandbox or Docker failure, a file
 * Lean cannot be given. Not an assertion failure, so Surefire, Gradle and IDEs report it as one
 * error on the file, not as a failed proof: its declarations are neither passed nor failed.
 */
public final class NoVerdictException extends RuntimeException {

    NoVerdictException(String message) {
        super(message);
    }
}
