package io.leansandbox.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leansandbox.engine.grading.GradingSettings;
import io.leansandbox.engine.lean.ImportPolicy;
import io.leansandbox.engine.session.SessionSettings;
import io.leansandbox.engine.warm.WarmSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads {@link Settings} the way the original server did: defaults, then the YAML file
 * ({@code LEAN_DOCKER_MCP_CONFIG}, else {@code ~/.lean-docker-mcp/config.yaml} when it exists),
 * then {@code LEAN_DOCKER_MCP_*} variables. Every key of every section also has a variable:
 * {@code docker.pool_size} is {@code LEAN_DOCKER_MCP_POOL_SIZE}, {@code lean.allowed_imports}
 * is {@code LEAN_DOCKER_MCP_ALLOWED_IMPORTS} (comma-separated). Unknown keys and bad values fail
 * with one line naming them.
 */
public final class SettingsLoader {

    public static final String ENV_PREFIX = "LEAN_DOCKER_MCP_";
    public static final String CONFIG_VARIABLE = ENV_PREFIX + "CONFIG";

    /** Every key, by section, in the order the README's table lists them. */
    public static final Map<String, List<String>> KEYS = Map.of(
            "docker", List.of("image", "working_dir", "memory_limit", "cpu_limit", "timeout", "network_disabled",
                    "read_only", "pool_enabled", "pool_size", "pool_max_age", "max_concurrent_creations",
                    "backend", "docker_host", "hosts", "max_sandboxes", "acquire_timeout", "pids_limit", "nofile_limit",
                    "fsize_limit", "tmpfs_size", "writable_dirs", "user", "output_limit", "max_source_bytes",
                    "agent_grace", "environment", "auto_build", "build_context", "dockerfile", "shm_size", "runtime",
                    "reset_memory_slack", "docker_api_timeout", "reaper", "allow_unsafe_settings", "allow_root_user",
                    "allow_network", "allow_writable_root", "allow_limits_beyond_host"),
            "lean", List.of("allowed_imports", "blocked_imports", "max_sessions", "session_idle_timeout",
                    "warm_enabled", "warm_repls_per_header", "max_warm_repls", "warm_max_uses", "warm_memory_limit", "warm_recycle_memory",
                    "warm_headers"),
            "grading", List.of("allowed_axioms", "allow_native_decide", "gold_timeout", "gold_output_limit", "gold_pool_size"),
            "kubernetes", List.of("namespace", "context", "runtime_class", "warm_pods", "lease_seconds", "active_deadline",
                    "pod_ready_timeout", "image_pull_policy", "agent_sandbox", "sandbox_template", "warm_pool"));

    private SettingsLoader() {
    }

    /** Settings from this process's environment and the YAML file it names or the default one. */
    public static Settings load() {
        return load(System.getenv(), Path.of(System.getProperty("user.home"), ".lean-docker-mcp", "config.yaml"));
    }

    public static Settings load(Map<String, String> env, Path defaultConfigFile) {
        RawSettings raw = new RawSettings();
        String configured = env.get(CONFIG_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path file = Path.of(configured);
            if (!Files.isRegularFile(file)) {
                throw new SettingsException("config file " + file + " (from " + CONFIG_VARIABLE + ") does not exist");
            }
            readYaml(file, raw);
        } else if (Files.isRegularFile(defaultConfigFile)) {
            readYaml(defaultConfigFile, raw);
        }
        readEnvironment(env, raw);
        return from(raw);
    }

    private static void readYaml(Path file, RawSettings raw) {
        JsonNode root;
        try {
            // A key given twice is a mistake to point out, not a last-one-wins.
            root = new ObjectMapper(new YAMLFactory()).enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(file.toFile());
        } catch (IOException e) {
            // The parser's own words, with where it stopped (its message spans lines: problem, then mark).
            throw new SettingsException("cannot read config file " + file + ": "
                    + String.join(" ", e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty())
                    .filter(l -> !l.startsWith("at [Source")).toList()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new SettingsException("config file " + file + " must be a mapping of sections (docker:, lean:, grading:, kubernetes:)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> sections = root.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!KEYS.containsKey(section.getKey())) {
                throw new SettingsException("unknown section " + section.getKey() + " in " + file + " (expected docker, lean, grading or kubernetes)");
            }
            if (!section.getValue().isObject()) {
                throw new SettingsException("section " + section.getKey() + " in " + file + " must be a mapping of keys, not "
                        + section.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = section.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                String name = section.getKey() + "." + key.getKey();
                if (key.getValue().isObject()) {
                    throw new SettingsException("bad value for " + name + " (from " + file + "): expected a value or a list, not a mapping");
                }
                if (key.getValue().isArray()) {
                    List<String> items = new ArrayList<>();
                    key.getValue().forEach(item -> items.add(item.asText()));
                    raw.putList(name, items, file.toString());
                } else {
                    raw.put(name, key.getValue().asText(), file.toString());
                }
            }
        }
    }

    private static void readEnvironment(Map<String, String> env, RawSettings raw) {
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_VARIABLE)) {
                return;
            }
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            String section = KEYS.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new SettingsException("unknown setting variable " + name));
            raw.put(section + "." + key, value, "environment variable " + name);
        });
    }

    static Settings from(RawSettings v) {
        Settings d = Settings.defaults();
        ContainerLimits l = d.limits();
        PoolSettings p = d.pool();
        try {
            int poolSize = v.integer("docker.pool_size", p.size());
            ContainerLimits limits = new ContainerLimits(
                    v.bytes("docker.memory_limit", l.memoryBytes()),
                    v.decimal("docker.cpu_limit", l.cpus()),
                    v.integer("docker.pids_limit", (int) l.pidsLimit()),
                    v.integer("docker.nofile_limit", (int) l.nofile()),
                    v.bytes("docker.fsize_limit", l.fsizeBytes()),
                    v.bytes("docker.tmpfs_size", l.tmpfsBytes()),
                    v.list("docker.writable_dirs", l.writableDirs()),
                    v.bool("docker.read_only", l.readOnlyRoot()),
                    v.bool("docker.network_disabled", l.networkDisabled()),
                    v.text("docker.user", l.user()),
                    v.bytes("docker.shm_size", l.shmBytes()),
                    v.text("docker.runtime", l.runtime()),
                    v.bytes("docker.reset_memory_slack", l.resetMemorySlackBytes()));
            boolean allUnsafe = v.bool("docker.allow_unsafe_settings", false);
            UnsafeSettings unsafe = new UnsafeSettings(
                    allUnsafe || v.bool("docker.allow_root_user", false),
                    allUnsafe || v.bool("docker.allow_network", false),
                    allUnsafe || v.bool("docker.allow_writable_root", false),
                    allUnsafe || v.bool("docker.allow_limits_beyond_host", false));
            PoolSettings pool = new PoolSettings(
                    v.bool("docker.pool_enabled", p.enabled()),
                    poolSize,
                    v.seconds("docker.pool_max_age", p.maxAge()),
                    v.integer("docker.max_concurrent_creations", p.maxConcurrentCreations()),
                    v.integer("docker.max_sandboxes", Math.max(p.maxSandboxes(), poolSize)),
                    v.seconds("docker.acquire_timeout", p.acquireTimeout()));
            Settings settings = d.toBuilder()
                    .backend(Backend.parse(v.text("docker.backend", d.backend().name())))
                    .image(v.text("docker.image", d.image()))
                    .workingDir(v.text("docker.working_dir", d.workingDir()))
                    .dockerHost(v.text("docker.docker_host", d.dockerHost()))
                    .hosts(v.list("docker.hosts", List.of()).stream().filter(e -> !e.isBlank()).map(DockerHost::parse).toList())
                    .limits(limits)
                    .pool(pool)
                    .timeout(v.seconds("docker.timeout", d.timeout()))
                    .outputLimitBytes(v.bytes("docker.output_limit", d.outputLimitBytes()))
                    .maxSourceBytes(v.intBytes("docker.max_source_bytes", d.maxSourceBytes()))
                    .agentGrace(v.seconds("docker.agent_grace", d.agentGrace()))
                    .environment(v.list("docker.environment", d.environment()))
                    .dockerApiTimeout(v.seconds("docker.docker_api_timeout", d.dockerApiTimeout()))
                    .reaper(v.bool("docker.reaper", d.reaper()))
                    .unsafe(unsafe)
                    .kubernetes(new KubernetesSettings(
                            v.text("kubernetes.namespace", d.kubernetes().namespace()),
                            v.text("kubernetes.context", d.kubernetes().context()),
                            v.text("kubernetes.runtime_class", d.kubernetes().runtimeClass()),
                            v.integer("kubernetes.warm_pods", d.kubernetes().warmPods()),
                            v.integer("kubernetes.lease_seconds", d.kubernetes().leaseSeconds()),
                            v.seconds("kubernetes.active_deadline", d.kubernetes().activeDeadline()),
                            v.seconds("kubernetes.pod_ready_timeout", d.kubernetes().podReadyTimeout()),
                            v.text("kubernetes.image_pull_policy", d.kubernetes().imagePullPolicy()),
                            v.bool("kubernetes.agent_sandbox", d.kubernetes().agentSandbox()),
                            v.text("kubernetes.sandbox_template", d.kubernetes().sandboxTemplate()),
                            v.text("kubernetes.warm_pool", d.kubernetes().warmPool())))
                    .sessions(new SessionSettings(
                            v.integer("lean.max_sessions", d.sessions().maxSessions()),
                            v.seconds("lean.session_idle_timeout", d.sessions().idleTimeout())))
                    .warm(new WarmSettings(
                            v.bool("lean.warm_enabled", d.warm().enabled()),
                            v.integer("lean.warm_repls_per_header", d.warm().perHeader()),
                            v.integer("lean.max_warm_repls", d.warm().maxRepls()),
                            v.integer("lean.warm_max_uses", d.warm().maxUses()),
                            v.bytes("lean.warm_memory_limit", d.warm().memoryBytes()),
                            v.bytes("lean.warm_recycle_memory", d.warm().recycleMemoryBytes()),
                            v.list("lean.warm_headers", d.warm().headers())))
                    .grading(new GradingSettings(
                            v.list("grading.allowed_axioms", d.grading().allowedAxioms()),
                            v.bool("grading.allow_native_decide", d.grading().allowNativeDecide()),
                            v.seconds("grading.gold_timeout", d.grading().goldTimeout()),
                            v.bytes("grading.gold_output_limit", d.grading().goldOutputLimit()),
                            v.integer("grading.gold_pool_size", d.grading().goldPoolSize())))
                    .imageBuild(new ImageBuildSettings(
                            v.bool("docker.auto_build", d.imageBuild().auto()),
                            v.path("docker.build_context", d.imageBuild().context()),
                            v.text("docker.dockerfile", d.imageBuild().dockerfile())))
                    .importPolicy(new ImportPolicy(
                            v.list("lean.allowed_imports", d.importPolicy().allowed()),
                            v.list("lean.blocked_imports", d.importPolicy().blocked())))
                    // Last: the calls above mark whatever they set; only what the file or a variable gave counts.
                    .userLimits(new UserLimits(v.has("docker.memory_limit"), v.has("docker.timeout")))
                    .build();
            v.rejectUnknown();
            return settings;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }
}
