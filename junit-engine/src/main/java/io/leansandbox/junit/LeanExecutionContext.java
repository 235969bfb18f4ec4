package io.leansandbox.junit;

import io.leansandbox.engine.InvalidSourceException;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.LeanSandboxException;
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
     * Grades one file at {@link Trust#OWN} (the author checks their own code) with the axioms of the
     * engine's setting {@code grading.allowed_axioms}; a file Lean cannot be given, or a sandbox that
     * cannot start, is the outcome's problem. The file is decoded as UTF-8 with a byte order mark,
     * CRLF line ends and trailing whitespace dropped, which moves no position Lean reports.
     */
    FileOutcome check(LeanFile file) {
        try {
            int maxSourceBytes = configuration.settings().maxSourceBytes();
            String text = LeanSource.fromUtf8(file.bytes(), maxSourceBytes).text();
            return FileOutcome.of(engine().grade(Submission.ofCode(text, null, maxSourceBytes), Trust.OWN,
                    configuration.settings().grading().axiomPolicy()));
        } catch (InvalidSourceException e) {
            return FileOutcome.refused("cannot be checked: " + e.getMessage());
        } catch (LeanSandboxException e) {
            return FileOutcome.refused("no sandbox to check it in: " + e.getMessage());
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
