package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leansandbox.engine.CancelledException;
import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Grade;
import io.leansandbox.engine.grading.Submission;
import io.leansandbox.engine.grading.Trust;
import io.leansandbox.engine.result.RunResult;
import io.leansandbox.engine.session.SessionInfo;
import io.leansandbox.engine.session.SessionReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client controls of its calls over stdio, besides their arguments, through the SDK's server
 * and {@link StdioLineGuard}: cancellation ({@code notifications/cancelled}), progress notifications
 * for a request with a progress token, log messages at the client's level, the {@code timeout}
 * argument; and what the server announces: instructions and tool annotations. The engine is a
 * stand-in that records each call's context.
 */
class CallControlToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpClientPipe client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    /** An engine that sees each call's context and answers execute-lean with {@link #onRun}. */
    static class ContextEngine implements LeanEngine {

        final List<CallContext> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Function<CallContext, RunResult> onRun = context -> Results.success();

        @Override
        public LeanEngine forCall(CallContext call) {
            if (call == CallContext.NONE) {
                return this;
            }
            contexts.add(call);
            ContextEngine outer = this;
            return new ContextEngine() {
                @Override
                public RunResult run(String code) {
                    return outer.onRun.apply(call);
                }
            };
        }

        @Override
        public RunResult run(String code) {
            return onRun.apply(CallContext.NONE);
        }

        @Override
        public SessionInfo openSession(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isSessionOpen(String id) {
            return false;
        }

        @Override
        public SessionReply runInSession(String id, String code) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SessionReply applyTactic(String id, int proofState, String tactic) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closeSession(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SessionInfo> sessions() {
            return List.of();
        }

        @Override
        public Grade grade(Submission submission, Trust trust, AxiomPolicy axioms) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int maxSourceBytes() {
            return 1 << 20;
        }

        @Override
        public boolean goldAvailable() {
            return false;
        }

        @Override
        public EngineStatus status() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void initializeGivesAgentsInstructionsAndEveryToolItsHints() throws Exception {
        client = new McpClientPipe(new ContextEngine(), false);
        JsonNode initialized = client.initialize();
        assertThat(initialized.get("instructions").asText()).contains("execute-lean").contains("apply-tactic")
                .contains("progressToken").contains("cancel");
        assertThat(initialized.at("/capabilities/logging").isObject()).isTrue();

        for (JsonNode tool : client.request("tools/list", Map.of()).at("/result/tools")) {
            String name = tool.get("name").asText();
            JsonNode hints = tool.get("annotations");
            assertThat(hints).as(name).isNotNull();
            for (String hint : List.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")) {
                assertThat(hints.get(hint).isBoolean()).as(name + " " + hint).isTrue();
            }
            assertThat(hints.get("openWorldHint").asBoolean()).as(name).isFalse();
            assertThat(tool.at("/inputSchema/properties/timeout").isObject()).as(name + " takes timeout")
                    .isEqualTo(LeanTools.TIMED.contains(name));
        }
        JsonNode tools = client.request("tools/list", Map.of()).at("/result/tools");
        assertThat(hints(tools, "execute-lean")).containsExactly(true, false, true);
        assertThat(hints(tools, "execute-lean-persistent")).containsExactly(false, false, false);
        assertThat(hints(tools, "cleanup-session")).containsExactly(false, true, true);
        assertThat(hints(tools, "list-sessions")).containsExactly(true, false, true);
    }

    @Test
    void aCancelledCallIsCancelledInTheEngineAndGetsNoResponse() throws Exception {
        ContextEngine engine = new ContextEngine();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        engine.onRun = context -> {
            running.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!context.cancellation().isCancelled() && System.nanoTime() < deadline) {
                sleep(10);
            }
            stopped.countDown();
            context.cancellation().throwIfCancelled();
            return Results.success();
        };
        client = new McpClientPipe(engine);
        client.send(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                "params", Map.of("name", "execute-lean", "arguments", Map.of("code", "def f := 1"))));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        // Another id (of no call in flight) cancels nothing.
        client.send(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled", "params", Map.of("requestId", 99)));
        assertThat(stopped.await(300, TimeUnit.MILLISECONDS)).isFalse();

        long start = System.nanoTime();
        client.send(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled",
                "params", Map.of("requestId", 7, "reason", "no longer needed")));
        assertThat(stopped.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(engine.contexts.get(0).cancellation().reason()).contains("no longer needed");
        assertThat(engine.contexts.get(0).owner()).as("one stdio client owns everything").isNull();

        // The cancelled request gets no response ("SHOULD NOT"); the server goes on.
        assertThat(responseTo(7, 500)).isNull();
        JsonNode listed = client.request("tools/list", Map.of());
        assertThat(listed.at("/result/tools").size()).isPositive();
    }

    @Test
    void aCallWithAProgressTokenGetsProgressUntilItsAnswerWithTheTimeSoFar() throws Exception {
        ContextEngine engine = new ContextEngine();
        engine.onRun = context -> {
            context.progress().status("elaborating");
            sleep(CallTracker.HEARTBEAT.toMillis() * 2 + 500);
            return Results.success();
        };
        client = new McpClientPipe(engine);
        client.send(Map.of("jsonrpc", "2.0", "id", 5, "method", "tools/call", "params", Map.of("name", "execute-lean",
                "arguments", Map.of("code", "def f := 1"), "_meta", Map.of("progressToken", "tok-5"))));
        List<JsonNode> progress = new ArrayList<>();
        JsonNode response = collectUntilResponse(5, progress, "notifications/progress");
        assertThat(response.at("/result/isError").asBoolean()).isFalse();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3); // the status at once, then two heartbeats
        double last = 0;
        for (JsonNode p : progress) {
            assertThat(p.at("/params/progressToken").asText()).isEqualTo("tok-5");
            assertThat(p.at("/params/message").asText()).startsWith("elaborating (");
            assertThat(p.at("/params/progress").asDouble()).isGreaterThan(last);
            last = p.at("/params/progress").asDouble();
        }
        assertThat(last).isGreaterThanOrEqualTo(CallTracker.HEARTBEAT.toSeconds() * 2.0 - 0.5);
    }

    @Test
    void logMessagesFollowTheClientsLevel() throws Exception {
        ContextEngine engine = new ContextEngine();
        engine.onRun = context -> {
            context.progress().status("elaborating");
            sleep(200);
            return Results.success();
        };
        client = new McpClientPipe(engine);
        List<JsonNode> messages = new ArrayList<>();
        client.send(ServerProcess.toolCall(2, "execute-lean", Map.of("code", "def f := 1")));
        collectUntilResponse(2, messages, "notifications/message");
        assertThat(messages).extracting(m -> m.at("/params/level").asText()).containsExactly("info"); // the default level
        assertThat(messages.get(0).at("/params/data").asText()).startsWith("execute-lean: answered");
        assertThat(messages.get(0).at("/params/logger").asText()).isEqualTo("lean-sandbox");

        assertThat(client.request("logging/setLevel", Map.of("level", "debug")).has("result")).isTrue();
        messages.clear();
        client.send(ServerProcess.toolCall(4, "execute-lean", Map.of("code", "def f := 1")));
        collectUntilResponse(4, messages, "notifications/message");
        assertThat(messages).extracting(m -> m.at("/params/data").asText())
                .anyMatch(d -> d.equals("execute-lean: elaborating"));

        assertThat(client.request("logging/setLevel", Map.of("level", "error")).has("result")).isTrue();
        messages.clear();
        client.send(ServerProcess.toolCall(6, "execute-lean", Map.of("code", "def f := 1")));
        collectUntilResponse(6, messages, "notifications/message");
        assertThat(messages).isEmpty();
    }

    @Test
    void theTimeoutArgumentBecomesTheCallsTimeout() throws Exception {
        ContextEngine engine = new ContextEngine();
        client = new McpClientPipe(engine);
        JsonNode ok = client.call("execute-lean", Map.of("code", "def f := 1", "timeout", 2.5));
        assertThat(ok.get("isError").asBoolean()).as("%s", ok).isFalse();
        assertThat(engine.contexts.get(engine.contexts.size() - 1).timeout()).isEqualTo(Duration.ofMillis(2500));

        client.call("execute-lean", Map.of("code", "def f := 1"));
        assertThat(engine.contexts.get(engine.contexts.size() - 1).timeout()).isNull();

        JsonNode zero = client.call("execute-lean", Map.of("code", "def f := 1", "timeout", 0));
        assertThat(zero.get("isError").asBoolean()).isTrue();
        JsonNode text = client.call("execute-lean", Map.of("code", "def f := 1", "timeout", "soon"));
        assertThat(text.get("isError").asBoolean()).isTrue();
        JsonNode notTimed = client.call("list-sessions", Map.of("timeout", 5));
        assertThat(notTimed.get("isError").asBoolean()).isTrue();
        assertThat(notTimed.at("/content/0/text").asText()).contains("timeout");
    }

    @Test
    void timeoutsAreSecondsAboveZero() {
        assertThat(ToolCalls.timeout(null)).isNull();
        assertThat(ToolCalls.timeout(3)).isEqualTo(Duration.ofSeconds(3));
        assertThat(ToolCalls.timeout(0.25)).isEqualTo(Duration.ofMillis(250));
        assertThat(ToolCalls.timeout(1e12)).isPositive();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ToolCalls.timeout(-1))
                .isInstanceOf(ToolArguments.BadArgumentException.class).hasMessageContaining("more than 0");
    }

    @Test
    void aCancelledCallAnswersThatItWasCancelled() {
        io.leansandbox.engine.Cancellation cancellation = io.leansandbox.engine.Cancellation.create();
        cancellation.cancel("the client cancelled the call");
        CallContext context = new CallContext(null, null, cancellation, null);
        var result = new ExecuteLeanTool(LeanEngine.of(code -> {
            throw new CancelledException("the client cancelled the call");
        })).call(Map.of("code", "def f := 1"), context);
        assertThat(result.isError()).isTrue();
        assertThat(ToolResults.text(result)).isEqualTo("Cancelled: the client cancelled the call");
    }

    private static List<Boolean> hints(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("name").asText().equals(name)) {
                JsonNode a = tool.get("annotations");
                return List.of(a.get("readOnlyHint").asBoolean(), a.get("destructiveHint").asBoolean(), a.get("idempotentHint").asBoolean());
            }
        }
        throw new AssertionError("no tool " + name);
    }

    /** Reads lines until the response to {@code id}, keeping the notifications of {@code method}; the response. */
    private JsonNode collectUntilResponse(int id, List<JsonNode> kept, String method) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = client.nextLine(100);
            if (line == null) {
                continue;
            }
            JsonNode message = JSON.readTree(line);
            if (message.has("id") && message.get("id").asInt() == id && !message.has("method")) {
                return message;
            }
            if (method.equals(message.path("method").asText())) {
                kept.add(message);
            }
        }
        throw new AssertionError("no response to " + id);
    }

    /** The response to {@code id} among the lines of the next {@code millis}, or null. */
    private JsonNode responseTo(int id, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            String line = client.nextLine(20);
            if (line != null) {
                JsonNode message = JSON.readTree(line);
                if (message.has("id") && message.get("id").asInt() == id && !message.has("method")) {
                    return message;
                }
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
