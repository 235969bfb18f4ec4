package io.leansandbox.mcp;

import io.leansandbox.engine.EngineStatus;
import io.leansandbox.engine.sandbox.PoolStats;
import io.leansandbox.engine.warm.WarmStats;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.util.List;
import java.util.Map;

/** The {@code status} tool: what the engine is doing, and which Lean it runs. */
record StatusTool(LeanEngine engine) implements LeanTool {

    static final String NAME = "status";

    static final Tool TOOL = Tool.builder()
            .name(NAME)
            .title("Server status")
            .description("Show the server's state: the Lean version of the toolchain image, where sandboxes run, the "
                    + "sandbox pool (idle, alive, created, retired), the warm REPLs kept for import headers, and the "
                    + "open sessions.")
            .inputSchema(Schemas.input(List.of()))
            .outputSchema(Schemas.object(Schemas.ordered(
                    "lean_version", Schemas.described(Schemas.STRING, "what `lean --version` prints in a sandbox, or why it could not be read"),
                    "backend", Schemas.described(Schemas.STRING, "where sandboxes run: backend, image, daemon"),
                    "hosts", Schemas.described(Schemas.array(Schemas.object(Schemas.ordered(
                            "address", Schemas.described(Schemas.STRING, "the Docker daemon"),
                            "up", Schemas.described(Schemas.BOOLEAN, "whether sandboxes are made there now"),
                            "sandboxes", Schemas.described(Schemas.INTEGER, "sandboxes there now"),
                            "capacity", Schemas.described(Schemas.INTEGER, "sandboxes it may hold (docker.hosts capacity, else its CPUs)"),
                            "trouble", Schemas.described(Schemas.OPTIONAL_STRING, "why it is out"),
                            "retry_in_ms", Schemas.described(Schemas.INTEGER, "when an out host is tried again")))),
                            "each Docker daemon sandboxes run on (several with docker.hosts); none for the local backend"),
                    "pool", Schemas.object(Schemas.ordered(
                            "idle", Schemas.described(Schemas.INTEGER, "sandboxes ready to serve"),
                            "alive", Schemas.described(Schemas.INTEGER, "sandboxes that exist: idle, in use, being reset or created"),
                            "created", Schemas.described(Schemas.INTEGER, "sandboxes made since start"),
                            "retired", Schemas.described(Schemas.INTEGER, "sandboxes removed since start"),
                            "resets", Schemas.described(Schemas.INTEGER, "sandbox resets since start"))),
                    "warm", Schemas.object(Schemas.ordered(
                            "idle", Schemas.described(Schemas.INTEGER, "warm REPLs waiting"),
                            "alive", Schemas.described(Schemas.INTEGER, "warm REPLs alive"),
                            "header_imports", Schemas.described(Schemas.INTEGER, "import headers elaborated since start"),
                            "checks", Schemas.described(Schemas.INTEGER, "checks served by warm REPLs"),
                            "recycled", Schemas.described(Schemas.INTEGER, "warm REPLs ended since start"),
                            "recycled_for_memory", Schemas.described(Schemas.INTEGER,
                                    "of those, REPLs recycled because they had grown past warm_recycle_memory"))),
                    "sessions", Schemas.array(ListSessionsTool.SESSION_SCHEMA))))
            .build();

    @Override
    public Tool tool() {
        return TOOL;
    }

    @Override
    public CallToolResult answer(Map<String, Object> arguments, CallContext context) {
        EngineStatus status = engine.status();
        return ToolCalls.result(text(status), fields(status), false);
    }

    static Map<String, Object> fields(EngineStatus status) {
        PoolStats pool = status.pool();
        WarmStats warm = status.warm();
        return Schemas.ordered(
                "lean_version", status.leanVersion(),
                "backend", status.backend(),
                "hosts", status.hosts().stream().map(h -> Schemas.ordered("address", h.address(), "up", h.up(),
                        "sandboxes", h.sandboxes(), "capacity", h.capacity(), "trouble", h.trouble(), "retry_in_ms", h.retryInMs())).toList(),
                "pool", Schemas.ordered("idle", pool.idle(), "alive", pool.alive(), "created", pool.created(),
                        "retired", pool.retired(), "resets", pool.resets()),
                "warm", Schemas.ordered("idle", warm.idle(), "alive", warm.alive(), "header_imports", warm.headerImports(),
                        "checks", warm.checks(), "recycled", warm.recycled(),
                        "recycled_for_memory", warm.recycledForMemory()),
                "sessions", status.sessions().stream().map(ListSessionsTool::fields).toList());
    }

    static String text(EngineStatus status) {
        PoolStats pool = status.pool();
        WarmStats warm = status.warm();
        return "Lean: " + status.leanVersion() + '\n'
                + "Backend: " + status.backend() + '\n'
                + (status.hosts().size() > 1 ? status.hosts().stream().map(h -> "Host " + h.address() + ": "
                        + (h.up() ? "up, " : "out (" + h.trouble() + "; tried again in " + (h.retryInMs() + 999) / 1000 + " s), ")
                        + h.sandboxes() + " sandboxes of " + h.capacity() + '\n').reduce("", String::concat) : "")
                + "Pool: " + pool.idle() + " idle, " + pool.alive() + " alive, " + pool.created() + " created, "
                + pool.retired() + " retired, " + pool.resets() + " resets\n"
                + "Warm REPLs: " + warm.idle() + " idle, " + warm.alive() + " alive, " + warm.headerImports()
                + " header imports, " + warm.checks() + " checks, " + warm.recycled() + " recycled\n"
                + ListSessionsTool.text(status.sessions());
    }
}
