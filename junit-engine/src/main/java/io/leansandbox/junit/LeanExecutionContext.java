package io.leansandbox.junit;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.LeanSandboxException;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.lean.LeanSource;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * Shared by every node of one execution: the configuration, and the sandbox engine, started when
 * the first file is checked and closed when the run ends.
 */
final class LeanExecutionContext implements EngineExecutionContext {

    private final LeanEngineConfiguration configuration;
    private final DeclarationVerdict verdict;
    private LeanSandbox engine;
    private LeanSandboxException startFailure;

    LeanExecutionContext(LeanEngineConfiguration configuration) {
        this.configuration = configuration;
        this.verdict = new DeclarationVerdict(configuration);
    }

    DeclarationVerdict verdict() {
        return verdict;
    }

    /**
     * Grades one file at {@link Trust#OWN} (the author checks their own code) with the configured
     * axiom policy, and says whether the grade is about its declarations, about the whole file, or
     * no verdict at all. The file is decoded as UTF-8 with a byte order mark, CRLF line ends and
     * trailing whitespace dropped, which moves no position Lean reports.
     */
    FileOutcome check(LeanFile file) {
        String path = file.messagePath();
        try {
            int maxSourceBytes = configuration.settings().maxSourceBytes();
            String text = LeanSource.fromUtf8(file.bytes(), maxSourceBytes).text();
            LeanSandbox sandbox = engine();
            Grade grade = sandbox.grade(Submission.ofCode(text, null, maxSourceBytes), Trust.OWN, configuration.axioms());
            return FileOutcome.of(path, grade, sandbox.settings().timeout());
        } catch (InvalidSourceException e) {
            return new FileOutcome.NoVerdict(path + ": no verdict: the file cannot be checked: " + e.getMessage());
        } catch (LeanSandboxException e) {
            return new FileOutcome.NoVerdict(path + ": no verdict: no sandbox to check it in: " + e.getMessage());
        }
    }

    private synchronized LeanSandbox engine() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (engine == null) {
            try {
                engine = LeanSandbox.start(configuration.settings());
            } catch (LeanSandboxException e) {
                startFailure = e; // one clear reason for every file, not one start attempt per file
                throw e;
            }
        }
        return engine;
    }

    synchronized void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
