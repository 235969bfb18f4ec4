package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ImportPolicy;
import io.leansandbox.engine.session.SessionSettings;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.leansandbox.mcp.ToolResults.error;
import static io.leansandbox.mcp.ToolResults.structured;
import static io.leansandbox.mcp.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools over a real engine, the Docker daemon and the stand-in image. Every verdict of Lean's
 * here comes from a recorded transcript of the real REPL, which the stand-in replays: the inputs are
 * the transcripts' commands, sent in their order from a fresh REPL, and the answers are compared with
 * the recorded ones.
 */
class ToolsIT {

    private static final String IMAGE = System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    private static LeanSandbox sandbox;

    private final ProofStateMemory memory = new ProofStateMemory();
    private final LeanEngine engine = LeanEngine.over(() -> sandbox);
    private final SessionCommands sessions = new SessionCommands(engine, memory);
    private final ExecuteLeanPersistentTool persistent = new ExecuteLeanPersistentTool(sessions);
    private final CleanupSessionTool cleanup = new CleanupSessionTool(sessions);
    private final StartProofTool startProof = new StartProofTool(sessions);
    private final ApplyTacticTool applyTactic = new ApplyTacticTool(sessions);
    private final ApplyTacticsTool applyTactics = new ApplyTacticsTool(sessions);
    private final ExecuteLeanTool execute = new ExecuteLeanTool(engine);
    private final GetGoalsTool getGoals = new GetGoalsTool(engine, memory);
    private final CheckProofTool checkProof = new CheckProofTool(engine);
    private final VerifyBatchTool verifyBatch = new VerifyBatchTool(engine);
    private final ListSessionsTool listSessions = new ListSessionsTool(engine);
    private final StatusTool status = new StatusTool(engine);

    @BeforeAll
    static void start() {
        assertThat(RecordedTranscript.directory()).as("the recorded transcripts").isDirectory();
        sandbox = LeanSandbox.start(Settings.defaults().toBuilder()
                .backend(Backend.DOCKER)
                .image(IMAGE)
                .importPolicy(ImportPolicy.OPEN)
                .timeout(Duration.ofSeconds(5))
                .pool(new PoolSettings(true, 2, Duration.ofSeconds(300), 2, 8, Duration.ofSeconds(60)))
                .sessions(new SessionSettings(3, Duration.ofMinutes(10)))
                .build());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void closeSessions() {
        sandbox.sessions().list().forEach(s -> sandbox.sessions().close(s.id()));
    }

    @Test
    void definitionsCarryOverInAPersistentSession() {
        // Transcript dup_msg: `def f := 2`, then `#check f` and `#check g`, each continuing from the last environment.
        RecordedTranscript dupMsg = RecordedTranscript.named("dup_msg");
        String session = null;
        for (int i = 0; i < dupMsg.commands().size(); i++) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("code", dupMsg.code(i));
            if (session != null) {
                arguments.put("session_id", session);
            }
            CallToolResult result = persistent.call(arguments);
            Map<String, Object> fields = structured(ExecuteLeanPersistentTool.TOOL, result);
            session = (String) fields.get("session_id");
            JsonNode recorded = dupMsg.answers().get(i);
            assertThat(fields.get("env")).as("command %d", i + 1).isEqualTo(recorded.get("env").asInt());
            assertThat(fields.get("diagnostics")).as("command %d", i + 1).isEqualTo(messagesOf(recorded));
            assertThat(fields.get("notice")).isNull();
            // The original's layout, byte for byte, on Lean's recorded answer; this server's own section after it.
            assertThat(text(result)).as("command %d", i + 1).isEqualTo(SeedLayout.format(SeedLayout.fieldsOf(recorded), session)
                    + "\n\nRun Status: " + fields.get("status"));
        }
        // `#check f` saw the definition of the first call: Lean's answer "f : Nat", recorded.
        assertThat(messagesOf(dupMsg.answers().get(1))).extracting(m -> m.get("message")).containsExactly("f : Nat");
    }

    @Test
    void executeLeanAnswersInTheOriginalsLayoutByteForByte() {
        // Recorded answers: def_eval (accepted, no message), app_type_mismatch (a kernel error), dup_sorries (a warning).
        for (String name : List.of("def_eval", "app_type_mismatch", "dup_sorries")) {
            RecordedTranscript t = RecordedTranscript.named(name);
            CallToolResult result = execute.call(Map.of("code", t.code(0)));
            Map<String, Object> fields = structured(ExecuteLeanTool.TOOL, result);
            String seed = SeedLayout.format(SeedLayout.fieldsOf(t.answers().get(0)), null);
            assertThat(text(result)).as(name).startsWith(seed + "\n\nRun Status: " + fields.get("status"));
            if (t.answers().get(0).path("sorries").isEmpty()) {
                assertThat(text(result)).as(name).isEqualTo(seed + "\n\nRun Status: " + fields.get("status"));
            }
        }
        assertThat(text(execute.call(Map.of("code", RecordedTranscript.named("def_eval").code(0)))))
                .isEqualTo("Status: success\nExit Code: 0\n\nNo output\n\nRun Status: SUCCESS");
    }

    @Test
    void cleanupSessionAnswersWithTheOriginalsSentence() {
        persistent.call(Map.of("code", RecordedTranscript.named("def_eval").code(0), "session_id", "seed-cleanup"));
        assertThat(text(cleanup.call(Map.of("session_id", "seed-cleanup", "unused", 1))))
                .startsWith(SeedLayout.cleanup("seed-cleanup", "Session seed-cleanup cleaned up successfully") + "\n\n");
    }

    @Test
    void aSessionIsClosedOnceAndASecondCleanupClosesNothing() {
        String session = (String) structured(ExecuteLeanPersistentTool.TOOL,
                persistent.call(Map.of("code", RecordedTranscript.named("def_eval").code(0), "session_id", "to-close"))).get("session_id");
        assertThat(session).isEqualTo("to-close");
        assertThat(structured(CleanupSessionTool.TOOL, cleanup.call(Map.of("session_id", session)))).containsEntry("closed", true);
        assertThat(sandbox.sessions().isOpen(session)).isFalse();
        // A second cleanup finds nothing to close: the original's layout, saying so, and no error (as the original).
        CallToolResult again = cleanup.call(Map.of("session_id", session));
        assertThat(text(again)).startsWith(SeedLayout.cleanup(session, "No session found with ID to-close, so nothing was cleaned up"));
        assertThat(structured(CleanupSessionTool.TOOL, again)).containsEntry("closed", false);
    }

    @Test
    void checkProofGradesARecordedSorryAsSorry() {
        CallToolResult result = checkProof.call(Map.of("code", RecordedTranscript.named("dup_sorries").code(0)));
        Map<String, Object> fields = structured(CheckProofTool.TOOL, result);
        assertThat(fields).containsEntry("verdict", "sorry").containsEntry("trust", "fast");
        assertThat(fields.get("declarations")).asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("name", "thm1").containsEntry("verdict", "sorry");
        assertThat(fields.get("sorries")).asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("goal", "⊢ 1 = 1").containsEntry("line", 1).containsEntry("column", 24);
        assertThat(text(result)).startsWith("Verdict: sorry\n");
    }

    @Test
    void checkProofGradesARecordedErrorAsError() {
        CallToolResult result = checkProof.call(Map.of("code", RecordedTranscript.named("self_proof_exact_check").code(0)));
        Map<String, Object> fields = structured(CheckProofTool.TOOL, result);
        assertThat(fields).containsEntry("verdict", "error").containsEntry("status", "ERROR");
        assertThat(((List<?>) fields.get("declarations")).stream().<Object>map(d -> ((Map<?, ?>) d).get("name")).toList()).containsExactly("ex");
        assertThat(fields.get("diagnostics")).isEqualTo(messagesOf(RecordedTranscript.named("self_proof_exact_check").answers().get(0)));
    }

    @Test
    void verifyBatchGradesEachCandidateInOrder() {
        // The stand-in does not elaborate Lean: an error must come from its say directive, or from a recorded answer
        // (dup_sorries: sorry); code without either gets the default answer, so its axioms stay unknown: unverified.
        CallToolResult result = verifyBatch.call(Map.of("codes", List.of(
                Map.of("custom_id", "recorded-sorry", "proof", RecordedTranscript.named("dup_sorries").code(0)),
                Map.of("custom_id", "said-error", "proof", "--! standin: say error boom\ntheorem t : True := trivial"),
                Map.of("custom_id", "plain", "proof", "theorem u : True := trivial")), "concurrency", 2));
        Map<String, Object> fields = structured(VerifyBatchTool.TOOL, result);
        List<?> results = (List<?>) fields.get("results");
        assertThat(results.stream().<Object>map(r -> ((Map<?, ?>) r).get("custom_id")).toList()).containsExactly("recorded-sorry", "said-error", "plain");
        assertThat(results.stream().<Object>map(r -> ((Map<?, ?>) r).get("verdict")).toList()).containsExactly("sorry", "error", "unverified");
        assertThat(fields.get("counts")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("sorry", 1).containsEntry("error", 1).containsEntry("unverified", 1).containsEntry("valid", 0);
    }

    @Test
    void aProofIsFinishedTacticByTacticAsTranscriptReadmeRecords() {
        // readme: `def f (x : Unit) : Nat := by sorry`, then `apply Int.natAbs` on state 0, then `exact -37` on state 1.
        RecordedTranscript readme = RecordedTranscript.named("readme");
        CallToolResult started = startProof.call(Map.of("code", readme.code(0)));
        Map<String, Object> start = structured(StartProofTool.TOOL, started);
        String session = (String) start.get("session_id");
        JsonNode sorry = readme.answers().get(0).get("sorries").get(0);
        assertThat(start.get("proof_states")).isEqualTo(List.of(Map.of("proof_state", sorry.get("proofState").asInt(),
                "goal", sorry.get("goal").asText(), "line", 1, "column", sorry.get("pos").get("column").asInt())));
        assertThat(text(started)).contains("Proof States:\nproof_state 0 (sorry at 1:29):\nx : Unit\n⊢ Nat");

        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 1; i < readme.commands().size(); i++) {
            JsonNode command = readme.commands().get(i);
            CallToolResult step = applyTactic.call(Map.of("session_id", session,
                    "proof_state", command.get("proofState").asInt(), "tactic", command.get("tactic").asText()));
            Map<String, Object> fields = structured(ApplyTacticTool.TOOL, step);
            JsonNode recorded = readme.answers().get(i);
            assertThat(fields).as("tactic %d", i)
                    .containsEntry("proof_state", recorded.get("proofState").asInt())
                    .containsEntry("proof_status", recorded.get("proofStatus").asText())
                    .containsEntry("goals", strings(recorded.get("goals")));
            steps.add(fields);
        }
        assertThat(steps.get(steps.size() - 1)).containsEntry("proof_status", "Completed").containsEntry("goals", List.of());

        // get-goals answers from what those replies reported, without asking Lean again.
        Map<String, Object> goals = structured(GetGoalsTool.TOOL, getGoals.call(Map.of("session_id", session, "proof_state", 1)));
        assertThat(goals).containsEntry("goals", strings(readme.answers().get(1).get("goals"))).containsEntry("source", "tactic");
        assertThat(structured(GetGoalsTool.TOOL, getGoals.call(Map.of("session_id", session, "proof_state", 0))))
                .containsEntry("goals", List.of("x : Unit\n⊢ Nat")).containsEntry("source", "sorry");
    }

    @Test
    void aProofStateTheReplNeverHandedOutIsAnErrorNamingIt() {
        // transcript unknown_proof_state: the real REPL answers {"message": "Unknown proof state."}
        RecordedTranscript unknown = RecordedTranscript.named("unknown_proof_state");
        String session = (String) structured(StartProofTool.TOOL, startProof.call(Map.of("code", unknown.code(0)))).get("session_id");
        JsonNode command = unknown.commands().get(1);
        CallToolResult result = applyTactic.call(Map.of("session_id", session,
                "proof_state", command.get("proofState").asInt(), "tactic", command.get("tactic").asText()));
        assertThat(error(result)).contains("Result: no verdict: the REPL refused the tactic: " + unknown.answers().get(1).get("message").asText());
        assertThat(error(applyTactic.call(Map.of("session_id", "no-such-session", "proof_state", 0, "tactic", "rfl"))))
                .startsWith("Unknown session: no open session 'no-such-session'");
    }

    @Test
    void aTacticLeanRejectsIsAFailedResultWhateverTheShapeOfTheRejection() {
        // invalid_tactic: a wrong lemma, answered with a proof state, "Incomplete: contains sorry" and an error at 0:0.
        RecordedTranscript invalid = RecordedTranscript.named("invalid_tactic");
        String session = (String) structured(StartProofTool.TOOL, startProof.call(Map.of("code", invalid.code(0)))).get("session_id");
        JsonNode command = invalid.commands().get(1);
        CallToolResult wrongLemma = applyTactic.call(Map.of("session_id", session, "proof_state", command.get("proofState").asInt(),
                "tactic", command.get("tactic").asText()));
        assertThat(structured(ApplyTacticTool.TOOL, wrongLemma)).containsEntry("outcome", "failed")
                .containsEntry("error", "Unknown identifier `my_fake_premise`").containsEntry("proof_state", null)
                .containsEntry("proof_status", invalid.answers().get(1).get("proofStatus").asText());
        assertThat(text(wrongLemma)).contains("Result: failed: Unknown identifier `my_fake_premise`").doesNotContain("Goals", "0:0");

        // unknown_tactic: a typo, answered with {"message": "Lean error:\n<input>:1:1: unknown tactic"}.
        RecordedTranscript typo = RecordedTranscript.named("unknown_tactic");
        String other = (String) structured(StartProofTool.TOOL, startProof.call(Map.of("code", typo.code(0)))).get("session_id");
        command = typo.commands().get(1);
        CallToolResult typoResult = applyTactic.call(Map.of("session_id", other, "proof_state", command.get("proofState").asInt(),
                "tactic", command.get("tactic").asText()));
        assertThat(structured(ApplyTacticTool.TOOL, typoResult)).containsEntry("outcome", "failed")
                .containsEntry("error", "at 1:1 of the tactic: unknown tactic");
    }

    @Test
    void applyTacticsTriesEachTacticOnTheProofStateAndItStaysValid() {
        // proof_step gives proof state 0; the tactics' answers are the stand-in's (their say directives).
        String session = (String) structured(StartProofTool.TOOL,
                startProof.call(Map.of("code", RecordedTranscript.named("proof_step").code(0)))).get("session_id");
        CallToolResult result = applyTactics.call(Map.of("session_id", session, "proof_state", 0, "tactics", List.of(
                "--! standin: sleep 300\n--! standin: say error no luck\nskip", "--! standin: sleep 300\n--! standin: say info one\nskip")));
        Map<String, Object> fields = structured(ApplyTacticsTool.TOOL, result);
        List<Object> attempts = List.copyOf((List<?>) fields.get("attempts"));
        assertThat(attempts).extracting(a -> (Object) ((Map<?, ?>) a).get("outcome")).first().isEqualTo("failed");
        assertThat(((Map<?, ?>) attempts.get(0)).get("error")).isEqualTo("at 2:0 of the tactic: no luck");
        assertThat(text(result)).contains("2. --! standin: sleep 300");
        assertThat(structured(ApplyTacticTool.TOOL, applyTactic.call(Map.of("session_id", session, "proof_state", 0,
                "tactic", "--! standin: say info again\nskip")))).containsEntry("from_proof_state", 0);
    }

    @Test
    void listSessionsAndStatusShowTheOpenSessions() {
        structured(ExecuteLeanPersistentTool.TOOL, persistent.call(Map.of("code", RecordedTranscript.named("def_eval").code(0), "session_id", "listed")));
        Map<String, Object> listed = structured(ListSessionsTool.TOOL, listSessions.call(Map.of()));
        assertThat(listed.get("sessions")).asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("session_id", "listed").containsEntry("commands", 1).containsEntry("env", 0);

        Map<String, Object> state = structured(StatusTool.TOOL, status.call(Map.of()));
        assertThat((String) state.get("lean_version")).startsWith("Lean (version ");
        assertThat((String) state.get("backend")).contains(IMAGE);
        assertThat(state.get("pool")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKeys("idle", "alive", "created", "retired");
        assertThat((Integer) ((Map<?, ?>) state.get("pool")).get("alive")).isPositive();
        assertThat(state.get("sessions")).asList().hasSize(1);
    }

    @Test
    void theSessionLimitIsAnErrorNamingItAndTheToolsKeepServing() {
        String code = RecordedTranscript.named("def_eval").code(0);
        for (int i = 0; i < 3; i++) {
            structured(ExecuteLeanPersistentTool.TOOL, persistent.call(Map.of("code", code)));
        }
        assertThat(error(persistent.call(Map.of("code", code)))).startsWith("Session limit reached: 3 sessions are open, the limit (max_sessions = 3)");
        String first = sandbox.sessions().list().get(0).id();
        structured(CleanupSessionTool.TOOL, cleanup.call(Map.of("session_id", first)));
        structured(ExecuteLeanPersistentTool.TOOL, persistent.call(Map.of("code", code)));
    }

    /** The recorded answer's messages as the tools' diagnostics. */
    private static List<Map<String, Object>> messagesOf(JsonNode answer) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (JsonNode m : answer.path("messages")) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("severity", m.get("severity").asText());
            d.put("line", m.get("pos").get("line").asInt());
            d.put("column", m.get("pos").get("column").asInt());
            d.put("end_line", m.has("endPos") ? m.get("endPos").get("line").asInt() : null);
            d.put("end_column", m.has("endPos") ? m.get("endPos").get("column").asInt() : null);
            d.put("message", m.get("data").asText());
            messages.add(d);
        }
        return messages;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
