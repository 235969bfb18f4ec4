package io.leansandbox.junit;

import io.leansandbox.engine.grading.Grade;

/**
 * What checking one file gave: the engine's grade of it, or the reason there is none (the file was
 * refused or no sandbox could check it). Exactly one of the two is set.
 */
record FileOutcome(Grade grade, String problem) {

    static FileOutcome of(Grade grade) {
        return new FileOutcome(grade, null);
    }

    static FileOutcome refused(String problem) {
        return new FileOutcome(null, problem);
    }
}
