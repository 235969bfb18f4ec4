package io.leansandbox.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Every tool the server offers, over one engine: the original server's three ({@code execute-lean},
 * {@code execute-lean-persistent}, {@code cleanup-session}, same names and inputs), then proof
 * checking (one proof, or a batch), tactic mode and status.
 *
 * <p>Set here, for every tool, so that the tools themselves need not know: its annotations (hints
 * for clients, see {@link #annotations}), the {@code timeout} argument of the tools that run Lean, and
 * the engine each call sees ({@link LeanEngine#forCall}): the sessions of the call's owner only, the
 * call's timeout, cancellation and progress. Each call gets tool instances of its own over that view;
 * proof states are remembered per owner, as sessions are.
 */
final class LeanTools {

    /** Tools that run Lean, and so take a {@code timeout} argument. */
    static final Set<String> TIMED = Set.of(ExecuteLeanTool.NAME, ExecuteLeanPersistentTool.NAME, CheckProofTool.NAME,
            VerifyBatchTool.NAME, StartProofTool.NAME, ApplyTacticTool.NAME, "apply-tactics", "goals-at");

    static final Map<String, Object> TIMEOUT_SCHEMA = Schemas.described(Map.of("type", "number", "exclusiveMinimum", 0),
            "seconds each Lean command of this call may run before it is stopped (a result with status TIMEOUT); "
                    + "at most the server's limit (setting timeout), which is also the default");

    private LeanTools() {
    }

    /** What one call's tools are made of. */
    record Call(LeanEngine engine, ProofStateMemory memory, SessionCommands sessions) {
    }

    /** The tools' specifications, the original's first, with no call context; {@code runner} is an engine, or runs one-off checks only. */
    static List<SyncToolSpecification> specifications(CodeRunner runner) {
        return specifications(runner, null, exchange -> null);
    }

    /**
     * The tools' specifications, the original's first; each call's context comes from {@code tracker}
     * (none when null) and its owner from {@code owner}.
     */
    static List<SyncToolSpecification> specifications(CodeRunner runner, CallTracker tracker,
                                                      Function<McpSyncServerExchange, String> owner) {
        LeanEngine engine = LeanEngine.of(runner);
        Memories memories = new Memories(engine);
        Function<CallContext, Call> calls = context -> {
            LeanEngine view = engine.forCall(context);
            ProofStateMemory memory = memories.of(context.owner());
            return new Call(view, memory, new SessionCommands(view, memory));
        };
        return List.<Function<Call, LeanTool>>of(
                        call -> new ExecuteLeanTool(call.engine()),
                        call -> new ExecuteLeanPersistentTool(call.sessions()),
                        call -> new CleanupSessionTool(call.sessions()),
                        call -> new CheckProofTool(call.engine()),
                        call -> new VerifyBatchTool(call.engine()),
                        call -> new StartProofTool(call.sessions()),
                        call -> new ApplyTacticTool(call.sessions()),
                        call -> new ApplyTacticsTool(call.sessions()),
                        call -> new GetGoalsTool(call.engine(), call.memory()),
                        call -> new GoalsAtTool(call.engine()),
                        call -> new ListSessionsTool(call.engine()),
                        call -> new StatusTool(call.engine()))
                .stream()
                .map(make -> {
                    Tool tool = offered(make.apply(calls.apply(CallContext.NONE)).tool());
                    ToolCalls.Answer answer = (arguments, context) -> make.apply(calls.apply(context)).answer(arguments, context);
                    return tracker == null ? ToolCalls.specification(tool, answer) : ToolCalls.specification(tool, answer, tracker, owner);
                })
                .toList();
    }

    /**
     * The proof state memory of each owner. Now and then, those of owners without open sessions
     * (clients long gone) are dropped, and the others forget the sessions that were closed.
     */
    private static final class Memories {

        private static final int SWEEP_EVERY = 256;
        private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

        private record Owned(ProofStateMemory memory, AtomicLong lastUsed) {
        }

        private final LeanEngine engine;
        private final Map<String, Owned> owned = new ConcurrentHashMap<>();
        private final AtomicLong calls = new AtomicLong();

        Memories(LeanEngine engine) {
            this.engine = engine;
        }

        ProofStateMemory of(String owner) {
            Owned o = owned.computeIfAbsent(String.valueOf(owner), k -> new Owned(new ProofStateMemory(), new AtomicLong()));
            o.lastUsed().set(System.nanoTime());
            if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
                sweep();
            }
            return o.memory();
        }

        private void sweep() {
            long now = System.nanoTime();
            owned.forEach((key, o) -> {
                if (now - o.lastUsed().get() < IDLE_NANOS || "null".equals(key)) {
                    return;
                }
                try {
                    LeanEngine view = engine.forCall(new CallContext(key, null, null, null));
                    if (view.sessions().isEmpty()) {
                        owned.remove(key, o);
                    } else {
                        o.memory().forgetClosed(view::isSessionOpen);
                    }
                } catch (RuntimeException e) {
                    // an engine that cannot tell (tests' fakes, one still starting): next time
                }
            });
        }
    }

    /** {@code tool} as the server lists it: with its annotations, and the {@code timeout} argument if it runs Lean. */
    static Tool offered(Tool tool) {
        Map<String, Object> input = tool.inputSchema();
        if (TIMED.contains(tool.name())) {
            Map<String, Object> properties = new LinkedHashMap<>(Schemas.properties(input));
            properties.putIfAbsent(ToolCalls.TIMEOUT, TIMEOUT_SCHEMA);
            input = new LinkedHashMap<>(input);
            input.put("properties", properties);
        }
        return Tool.builder()
                .name(tool.name())
                .title(tool.title())
                .description(tool.description())
                .inputSchema(input)
                .outputSchema(tool.outputSchema())
                .annotations(tool.annotations() != null ? tool.annotations() : annotations(tool.name(), tool.title()))
                .meta(tool.meta())
                .build();
    }

    /**
     * The hints for a tool, by name. Nothing here reaches outside its sandbox ({@code openWorldHint}
     * false). Read-only: one-off checks (in a fresh sandbox, nothing kept), goals and listings.
     * Session commands add to a session, so they are neither read-only nor idempotent (a second
     * identical call defines again, or hands out a new proof state); closing a session destroys it
     * (idempotent: closing it again changes nothing more). A tool not named here gets the cautious
     * defaults: not read-only, not idempotent.
     */
    static ToolAnnotations annotations(String name, String title) {
        boolean readOnly;
        boolean destructive = false;
        boolean idempotent;
        switch (name) {
            case ExecuteLeanTool.NAME, CheckProofTool.NAME, VerifyBatchTool.NAME, GetGoalsTool.NAME, ListSessionsTool.NAME,
                 StatusTool.NAME, "goals-at" -> {
                readOnly = true;
                idempotent = true;
            }
            case CleanupSessionTool.NAME -> {
                readOnly = false;
                destructive = true;
                idempotent = true;
            }
            default -> { // execute-lean-persistent, start-proof, apply-tactic, apply-tactics, and any other
                readOnly = false;
                idempotent = false;
            }
        }
        return ToolAnnotations.builder()
                .title(title)
                .readOnlyHint(readOnly)
                .destructiveHint(destructive)
                .idempotentHint(idempotent)
                .openWorldHint(false)
                .build();
    }
}
