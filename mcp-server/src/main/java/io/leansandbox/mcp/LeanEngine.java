package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.GoalsAtRun;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.session.EnvChoice;
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.session.TacticAttempts;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the MCP tools need of the engine: one-off runs, sessions, grading and status. An
 * interface so that each tool can be tested without Docker; {@link #over} adapts a {@link LeanSandbox}.
 * Every method may throw the engine's exceptions, which the tools turn into error results.
 *
 * <p>The server gives each tool call {@link #forCall the engine as that call sees it}: the sessions
 * of the call's owner only, and the call's timeout, cancellation and progress on every run.
 */
interface LeanEngine extends CodeRunner {

    /** Opens a session with this id, or with a generated one when {@code id} is null. */
    SessionInfo openSession(String id);

    boolean isSessionOpen(String id);

    /** Runs {@code code} in the session, continuing from the environment of its last command. */
    SessionReply runInSession(String id, String code);

    SessionReply applyTactic(String id, int proofState, String tactic);

    /** Tries each of {@code tactics} on the same proof state of the session, at once ({@link io.leansandbox.engine.session.SessionManager#tactics}). */
    default TacticAttempts applyTactics(String id, int proofState, List<String> tactics) {
        throw new UnsupportedOperationException("this server was given a runner of one-off checks only");
    }

    /** The goals at {@code line} (and {@code column}) of {@code code}, in session {@code sessionId} or (null) a REPL of its own. */
    default GoalsAtReply goalsAt(String sessionId, String code, int line, Integer column) {
        throw new UnsupportedOperationException("this server was given a runner of one-off checks only");
    }

    void closeSession(String id);

    List<SessionInfo> sessions();

    /** Grades {@code submission} at {@code trust} against {@code axioms}; null: the configured policy ({@code grading.allowed_axioms}). */
    Grade grade(Submission submission, Trust trust, AxiomPolicy axioms);

    /** The largest source the engine accepts ({@code docker.max_source_bytes}), to build submissions with. */
    int maxSourceBytes();

    /** Whether the image has what gold grading needs (comparator); asked of a sandbox once, then remembered. */
    boolean goldAvailable();

    EngineStatus status();

    /**
     * This engine as the call {@code call} sees it: only the sessions of {@code call.owner()}, and
     * the call's timeout, cancellation and progress on every run. An engine that cannot tell calls
     * apart (the tests' fakes) is the same for every call.
     */
    default LeanEngine forCall(CallContext call) {
        return this;
    }

    /** The operations of the engine {@code engine} gives, asked for anew on every call (it may still be starting). */
    static LeanEngine over(Supplier<LeanSandbox> engine) {
        return over(engine, CallContext.NONE);
    }

    private static LeanEngine over(Supplier<LeanSandbox> engine, CallContext call) {
        String owner = call.owner();
        return new LeanEngine() {
            @Override
            public LeanEngine forCall(CallContext other) {
                return over(engine, other);
            }

            @Override
            public RunResult run(String code) {
                return engine.get().run(code, call.runOptions());
            }

            @Override
            public SessionInfo openSession(String id) {
                return engine.get().sessions().open(owner, id, call.runOptions());
            }

            @Override
            public boolean isSessionOpen(String id) {
                return engine.get().sessions().isOpen(owner, id);
            }

            @Override
            public SessionReply runInSession(String id, String code) {
                return engine.get().sessions().run(owner, id, code, EnvChoice.LATEST, call.runOptions());
            }

            @Override
            public SessionReply applyTactic(String id, int proofState, String tactic) {
                return engine.get().sessions().tactic(owner, id, proofState, tactic, call.runOptions());
            }

            @Override
            public TacticAttempts applyTactics(String id, int proofState, List<String> tactics) {
                return engine.get().sessions().tactics(owner, id, proofState, tactics, call.runOptions());
            }

            @Override
            public GoalsAtReply goalsAt(String sessionId, String code, int line, Integer column) {
                return sessionId == null ? GoalsAtRun.once(engine.get(), code, line, column)
                        : engine.get().sessions().goalsAt(owner, sessionId, code, line, column, call.runOptions());
            }

            @Override
            public void closeSession(String id) {
                engine.get().sessions().close(owner, id);
            }

            @Override
            public List<SessionInfo> sessions() {
                return engine.get().sessions().list(owner);
            }

            @Override
            public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
                LeanSandbox lean = engine.get();
                return lean.grade(submission, trust, axioms == null ? lean.settings().grading().axiomPolicy() : axioms,
                        call.runOptions());
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
                EngineStatus all;
                try {
                    all = engine.get().status();
                } catch (ImageBeingBuiltException building) {
                    return building.status(); // the build's progress is the status meanwhile
                }
                // Other owners' sessions are theirs: not even their ids are shown.
                return new EngineStatus(all.backend(), all.hosts(), all.leanVersion(), all.pool(), all.warm(),
                        engine.get().sessions().list(owner));
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
