package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.lean.ReplResponse;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.RunMode;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.result.Sorry;
import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.session.SessionLimitException;
import io.leansandbox.engine.session.SessionReply;
import io.leansandbox.engine.session.TacticAttempt;
import io.leansandbox.engine.session.TacticAttempts;
import io.leansandbox.engine.lean.GoalsAtReply;
import io.leansandbox.engine.session.UnknownSessionException;
import io.leansandbox.engine.warm.WarmStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An engine made by hand, for tool tests that need no Docker: sessions that keep ids and counts the
 * way the real ones do, and answers the test scripts. Nothing here is Lean's verdict.
 */
final class FakeEngine implements LeanEngine {

    static final Instant CREATED = Instant.parse("2026-11-26T10:00:00Z");

    /** One call the tools made, for assertions. */
    record Call(String operation, String sessionId, String argument) {
    }

    final List<Call> calls = new ArrayList<>();
    private final Map<String, SessionInfo> open = new LinkedHashMap<>();
    private int generated;
    int maxSessions = 16;

    /** Answers {@code runInSession(id, code)}; by default: accepted silently with the next env. */
    BiFunction<String, String, SessionReply> onCommand = (id, code) -> accepted(id, nextEnv(id));
    /** Answers {@code applyTactic(id, state, tactic)}; by default: fails the test. */
    TacticAnswer onTactic = (id, state, tactic) -> {
        throw new AssertionError("unexpected tactic " + tactic);
    };
    Function<String, RunResult> onRun = code -> Results.success();
    /** Answers {@code grade}; by default: fails the test. */
    Function<GradeCall, Grade> onGrade = call -> {
        throw new AssertionError("unexpected grading of " + call.submission().source().text());
    };
    int maxSourceBytes = 1 << 20;
    boolean goldAvailable = true;
    /** When set, every call fails with it (an engine that could not start). */
    RuntimeException failure;

    /** One {@code grade} call: what was asked. {@code axioms} null: the configured policy. */
    record GradeCall(Submission submission, Trust trust, AxiomPolicy axioms) {
    }

    @FunctionalInterface
    interface TacticAnswer {
        SessionReply apply(String sessionId, int proofState, String tactic);
    }

    /** Answers {@code goalsAt(session, code, line, column)}; by default: fails the test. */
    GoalsAtAnswer onGoalsAt = (session, code, line, column) -> {
        throw new AssertionError("unexpected goals-at on " + code);
    };

    @FunctionalInterface
    interface GoalsAtAnswer {
        GoalsAtReply apply(String sessionId, String code, int line, Integer column);
    }

    /** Which of {@code applyTactics}' tactics ran on the session's own REPL: by default the first only. */
    java.util.function.IntPredicate inSession = i -> i == 0;

    @Override
    public synchronized RunResult run(String code) {
        record("run", null, code);
        return onRun.apply(code);
    }

    @Override
    public synchronized SessionInfo openSession(String id) {
        record("open", id, null);
        String sessionId = id == null ? "generated-" + ++generated : id;
        if (!sessionId.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
            throw new IllegalArgumentException("bad session id '" + sessionId + "': use 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
        if (open.containsKey(sessionId)) {
            throw new IllegalArgumentException("a session '" + sessionId + "' is already open");
        }
        if (open.size() >= maxSessions) {
            throw new SessionLimitException(open.size() + " sessions are open, the limit (max_sessions = " + maxSessions + ")");
        }
        SessionInfo info = new SessionInfo(sessionId, CREATED, CREATED, 0, null);
        open.put(sessionId, info);
        return info;
    }

    @Override
    public synchronized boolean isSessionOpen(String id) {
        if (failure != null) {
            throw failure;
        }
        return open.containsKey(id);
    }

    @Override
    public synchronized SessionReply runInSession(String id, String code) {
        record("run-in-session", id, code);
        return accept(id, onCommand.apply(known(id).id(), code));
    }

    @Override
    public synchronized SessionReply applyTactic(String id, int proofState, String tactic) {
        record("tactic", id, proofState + " " + tactic);
        return accept(id, onTactic.apply(known(id).id(), proofState, tactic));
    }

    /** Each tactic through {@link #onTactic}, one after another; those {@link #inSession} rejects as if on a copy. */
    @Override
    public synchronized TacticAttempts applyTactics(String id, int proofState, List<String> tactics) {
        record("tactics", id, proofState + " " + tactics);
        known(id);
        List<TacticAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < tactics.size(); i++) {
            SessionReply reply = onTactic.apply(id, proofState, tactics.get(i));
            if (inSession.test(i)) {
                accept(id, reply);
            }
            attempts.add(new TacticAttempt(i, tactics.get(i), inSession.test(i), reply, Duration.ofMillis(10L * (i + 1))));
        }
        return new TacticAttempts(id, proofState, attempts, Math.min(tactics.size(), 4), Duration.ofMillis(40), null);
    }

    @Override
    public synchronized GoalsAtReply goalsAt(String sessionId, String code, int line, Integer column) {
        record("goals-at", sessionId, line + (column == null ? "" : ":" + column) + " " + code);
        if (sessionId != null) {
            known(sessionId);
        }
        return onGoalsAt.apply(sessionId, code, line, column);
    }

    @Override
    public synchronized void closeSession(String id) {
        record("close", id, null);
        if (open.remove(id) == null) {
            throw new UnknownSessionException(id);
        }
    }

    /** Empties a session as a failed replay does: its commands are gone. */
    synchronized void reset(String id) {
        open.put(id, new SessionInfo(id, CREATED, CREATED, 0, null));
    }

    @Override
    public synchronized List<SessionInfo> sessions() {
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(open.values());
    }

    @Override
    public synchronized Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
        record("grade", null, submission.source().text());
        return onGrade.apply(new GradeCall(submission, trust, axioms));
    }

    @Override
    public synchronized boolean goldAvailable() {
        if (failure != null) {
            throw failure;
        }
        return goldAvailable;
    }

    @Override
    public synchronized int maxSourceBytes() {
        if (failure != null) {
            throw failure;
        }
        return maxSourceBytes;
    }

    @Override
    public synchronized EngineStatus status() {
        record("status", null, null);
        return new EngineStatus("docker (image lean-sandbox/standin:latest)", List.of(), "Lean (version 4.33.0-rc2, stand-in toolchain)",
                new PoolStats(1, 2, 3, 1, 5), new WarmStats(1, 4, 0, 0, 1, 1), sessions());
    }

    private void record(String operation, String sessionId, String argument) {
        calls.add(new Call(operation, sessionId, argument));
        if (failure != null) {
            throw failure;
        }
    }

    private SessionInfo known(String id) {
        SessionInfo info = open.get(id);
        if (info == null) {
            throw new UnknownSessionException(id);
        }
        return info;
    }

    private SessionReply accept(String id, SessionReply reply) {
        SessionInfo info = open.get(id);
        if (info != null && reply.answer() != null && reply.answer().protocolError() == null) {
            Integer env = reply.answer().env() != null ? reply.answer().env() : info.latestEnv();
            open.put(id, new SessionInfo(id, info.createdAt(), CREATED.plusSeconds(info.commands() + 1L), info.commands() + 1, env));
        }
        return reply;
    }

    private int nextEnv(String id) {
        Integer latest = open.get(id).latestEnv();
        return latest == null ? 0 : latest + 1;
    }

    // Replies made by hand.

    static SessionReply accepted(String id, int env) {
        return command(id, env, List.of(), List.of());
    }

    static SessionReply command(String id, int env, List<Diagnostic> messages, List<Sorry> sorries) {
        boolean errors = messages.stream().anyMatch(Diagnostic::isError);
        RunResult result = new RunResult(errors ? Status.ERROR : Status.SUCCESS, RunMode.CHECK, errors ? 1 : 0, messages, sorries,
                "", "", false, Duration.ofMillis(5), Duration.ofMillis(3));
        return new SessionReply(id, result, new ReplResponse(env, null, messages, sorries, List.of(), null, null, null), null);
    }

    static SessionReply tactic(String id, int proofState, List<String> goals, String proofStatus, List<Diagnostic> messages) {
        boolean errors = messages.stream().anyMatch(Diagnostic::isError);
        RunResult result = new RunResult(errors ? Status.ERROR : Status.SUCCESS, RunMode.CHECK, errors ? 1 : 0, messages, List.of(),
                "", "", false, Duration.ofMillis(4), Duration.ofMillis(2));
        return new SessionReply(id, result, new ReplResponse(null, proofState, messages, List.of(), goals, proofStatus, null, null), null);
    }

    /** What the engine returns when the REPL answers with a protocol error such as {@code Unknown proof state.} */
    static SessionReply refused(String id, String message) {
        RunResult result = new RunResult(Status.ERROR, RunMode.CHECK, 1, List.of(), List.of(), "",
                "the REPL refused the command: " + message, false, Duration.ofMillis(2), Duration.ZERO);
        return new SessionReply(id, result, new ReplResponse(null, null, List.of(), List.of(), List.of(), null, message, null), null);
    }

    /** What the engine returns when the REPL did not answer in time and the session was restarted. */
    static SessionReply timedOut(String id, String notice) {
        RunResult result = new RunResult(Status.TIMEOUT, RunMode.CHECK, 137, List.of(), List.of(), "", "", false,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new SessionReply(id, result, null, notice);
    }
}
