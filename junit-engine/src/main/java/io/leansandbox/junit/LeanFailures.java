package io.leansandbox.junit;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The exceptions tests end with. Each carries one stack frame, at the .lean line it is about, in
 * place of the engine's internals, which say nothing about the proof.
 */
final class LeanFailures {

    /** What a file's container names itself as in its frame. */
    static final String FILE_MEMBER = "<file>";

    private LeanFailures() {
    }

    static AssertionFailedError failure(LeanFile file, String member, int line, String message) {
        return at(new AssertionFailedError(message), file.frame(member, line));
    }

    static TestAbortedException aborted(LeanFile file, String member, int line, String message) {
        return at(new TestAbortedException(message), file.frame(member, line));
    }

    static NoVerdictException noVerdict(LeanFile file, String message) {
        return at(new NoVerdictException(message), file.frame(FILE_MEMBER, 1));
    }

    private static <T extends Throwable> T at(T throwable, StackTraceElement frame) {
        throwable.setStackTrace(new StackTraceElement[]{frame});
        return throwable;
    }
}
