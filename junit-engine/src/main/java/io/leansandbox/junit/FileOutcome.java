package io.leansandbox.junit;

import io.leansandbox.engine.grading.Grade;

import java.time.Duration;

/** What checking one file gave. */
sealed interface FileOutcome {

    /** The engine graded the file's declarations: each test takes its own grade. */
    record Graded(Grade grade) implements FileOutcome {
    }

    /**
     * The engine's verdict is about the whole file and its code caused it (the REPL crashed on it, its
     * output passed the cap or held more than Lean's answers): the file fails, once.
     */
    record FileFailed(String message) implements FileOutcome {
    }

    /** No verdict (a limit, the sandbox, Docker, a file Lean cannot be given): one error on the file. */
    record NoVerdict(String message) implements FileOutcome {
    }

    /**
     * What the engine's grade of the file at {@code path} is for its tests: theirs to take, the whole
     * file's failure, or no verdict. {@code timeout} is the limit that applied (a parameter's, the
     * engine's setting, or the image's suggestion), for the timeout's message.
     */
    static FileOutcome of(String path, Grade grade, Duration timeout) {
        if (!grade.wholeFile()) {
            return new Graded(grade);
        }
        String verdict = grade.verdict().wireName();
        return switch (grade.verdict()) {
            case TIMEOUT -> new NoVerdict(path + ": no verdict: timeout: Lean did not finish within the time limit of "
                    + LeanEngineConfiguration.describeTimeout(timeout));
            case MEMORY, INFRA_ERROR -> new NoVerdict(path + ": no verdict: " + verdict + ": " + grade.explanation());
            default -> new FileFailed(path + ": " + verdict + ": " + grade.explanation());
        };
    }
}
