package io.leansandbox.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;

import java.util.List;

/**
 * Every tool the server offers, over one engine: the original server's three ({@code execute-lean},
 * {@code execute-lean-persistent}, {@code cleanup-session}, same names and inputs), then proof
 * checking (one proof, or a batch), tactic mode and status.
 */
final class LeanTools {

    private LeanTools() {
    }

    /** The tools' specifications, the original's first; {@code runner} is an engine, or runs one-off checks only. */
    static List<SyncToolSpecification> specifications(CodeRunner runner) {
        LeanEngine engine = LeanEngine.of(runner);
        ProofStateMemory memory = new ProofStateMemory();
        SessionCommands sessions = new SessionCommands(engine, memory);
        return List.of(
                new ExecuteLeanTool(engine).specification(),
                new ExecuteLeanPersistentTool(sessions).specification(),
                new CleanupSessionTool(sessions).specification(),
                new CheckProofTool(engine).specification(),
                new VerifyBatchTool(engine).specification(),
                new StartProofTool(sessions).specification(),
                new ApplyTacticTool(sessions).specification(),
                new GetGoalsTool(engine, memory).specification(),
                new ListSessionsTool(engine).specification(),
                new StatusTool(engine).specification());
    }
}
