package io.leansandbox.maven;

/**
 * A finding without a position in the file's text: a timeout, a refused source, an axiom outside
 * the allowed ones, why a declaration is unverified. The SARIF report needs its kind and, when it is
 * about one declaration, that declaration's line; the console and the XML report print the message.
 *
 * @param status  the kind of finding (what the file's status would be if it were the only one)
 * @param message one sentence
 * @param line    the line (from 1) of the declaration it is about; 0 when it is about the whole file
 */
record Problem(FileOutcome.Status status, String message, int line) {

    /** A finding about the whole file. */
    static Problem ofFile(FileOutcome.Status status, String message) {
        return new Problem(status, message, 0);
    }
}
