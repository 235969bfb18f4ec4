package io.leansandbox.mcp;

/** Every tool over one {@link FakeEngine}, sharing proof-state memory as {@link LeanTools} makes them. */
final class FakeTools {

    final FakeEngine engine = new FakeEngine();
    final ProofStateMemory memory = new ProofStateMemory();
    final SessionCommands sessions = new SessionCommands(engine, memory);
    final ExecuteLeanPersistentTool persistent = new ExecuteLeanPersistentTool(sessions);
    final CleanupSessionTool cleanup = new CleanupSessionTool(sessions);
    final CheckProofTool checkProof = new CheckProofTool(engine);
    final StartProofTool startProof = new StartProofTool(sessions);
    final ApplyTacticTool applyTactic = new ApplyTacticTool(sessions);
    final ApplyTacticsTool applyTactics = new ApplyTacticsTool(sessions);
    final GoalsAtTool goalsAt = new GoalsAtTool(engine);
    final GetGoalsTool getGoals = new GetGoalsTool(engine, memory);
    final ListSessionsTool listSessions = new ListSessionsTool(engine);
    final StatusTool status = new StatusTool(engine);
}
