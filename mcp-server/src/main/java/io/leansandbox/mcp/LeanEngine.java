package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.session.EnvChoice;
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.session.SessionReply;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the MCP tools need of the engine: one-off runs, sessions, grading and status. An
 * interface so that each tool can be tested without Docker; {@link #over} adapts a {@link LeanSandbox}.
 * Every method may throw the engine's exceptions, which the tools turn into error results.
 */
interface LeanEngine extends CodeRunner {

    /** Opens a session with this id, or with a generated one when {@code id} is null. */
    SessionInfo openSession(String id);

    boolean isSessionOpen(String id);

    /** Runs {@code code} in the session, continuing from the environment of its last command. */
    SessionReply runInSession(String id, String code);

    SessionReply applyTactic(String id, int proofState, String tactic);

    void closeSession(String id);

    List<SessionInfo> sessions();

    /** Grades {@code submission} at {@code trust} against {@code axioms}; null: the configured policy ({@code grading.allowed_axioms}). */
    Grade grade(Submission submission, Trust trust, AxiomPolicy axioms);

    /** The largest source the engine accepts ({@code docker.max_source_bytes}), to build submissions with. */
    int maxSourceBytes();

    /** Whether the image has what gold grading needs (comparator); asked of a sandbox once, then remembered. */
    boolean goldAvailable();

    EngineStatus status();

    /** The operations of the engine {@code engine} gives, asked for anew on every call (it may still be starting). */
    static LeanEngine over(Supplier<LeanSandbox> engine) {
        return new LeanEngine() {
            @Override
            public RunResult run(String code) {
                return engine.get().run(code);
            }

            @Override
            public SessionInfo openSession(String id) {
                return engine.get().sessions().open(id);
            }

            @Override
            public boolean isSessionOpen(String id) {
                return engine.get().sessions().isOpen(id);
            }

            @Override
            public SessionReply runInSession(String id, String code) {
                return engine.get().sessions().run(id, code, EnvChoice.LATEST);
            }

            @Override
            public SessionReply applyTactic(String id, int proofState, String tactic) {
                return engine.get().sessions().tactic(id, proofState, tactic);
            }

            @Override
            public void closeSession(String id) {
                engine.get().sessions().close(id);
            }

            @Override
            public List<SessionInfo> sessions() {
                return engine.get().sessions().list();
            }

            @Override
            public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
                LeanSandbox lean = engine.get();
                return axioms == null ? lean.grade(submission, trust) : lean.grade(submission, trust, axioms);
            }

            @Override
            public int maxSourceBytes() {
                return engine.get().settings().maxSourceBytes();
            }

            @Override
            public boolean goldAvailable() {
                return engine.get().goldAvailable();
            }

            @Override
            public EngineStatus status() {
                return engine.get().status();
            }
        };
    }

    /**
     * {@code runner} as an engine: itself when it is one, else one that only runs code (tests that
     * serve a bare {@link CodeRunner}); its other operations fail, saying so.
     */
    static LeanEngine of(CodeRunner runner) {
        if (runner instanceof LeanEngine engine) {
            return engine;
        }
        return new LeanEngine() {
            @Override
            public RunResult run(String code) {
                return runner.run(code);
            }

            @Override
            public SessionInfo openSession(String id) {
                throw unsupported();
            }

            @Override
            public boolean isSessionOpen(String id) {
                throw unsupported();
            }

            @Override
            public SessionReply runInSession(String id, String code) {
                throw unsupported();
            }

            @Override
            public SessionReply applyTactic(String id, int proofState, String tactic) {
                throw unsupported();
            }

            @Override
            public void closeSession(String id) {
                throw unsupported();
            }

            @Override
            public List<SessionInfo> sessions() {
                throw unsupported();
            }

            @Override
            public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
                throw unsupported();
            }

            @Override
            public int maxSourceBytes() {
                throw unsupported();
            }

            @Override
            public boolean goldAvailable() {
                throw unsupported();
            }

            @Override
            public EngineStatus status() {
                throw unsupported();
            }

            private UnsupportedOperationException unsupported() {
                return new UnsupportedOperationException("this server was given a runner of one-off checks only");
            }
        };
    }
}
