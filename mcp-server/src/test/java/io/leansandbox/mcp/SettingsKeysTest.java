package io.leansandbox.mcp;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.DockerHost;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting the server reads, as a key of the YAML file and as a LEAN_DOCKER_MCP_* variable,
 * reaches the settings value the engine starts with. The list of keys is the engine's own
 * ({@code SettingsLoader.KEYS}), so a key added there without a case here fails this test.
 */
class SettingsKeysTest {

    /** A key's non-default value, as YAML and as a variable, and what the settings must then hold. */
    private record Case(String yaml, String variable, Function<Settings, Object> read, Object expected) {
    }

    private static Case of(String value, Function<Settings, Object> read, Object expected) {
        return new Case(value, value, read, expected);
    }

    private static Case list(String yaml, String variable, Function<Settings, Object> read, Object expected) {
        return new Case(yaml, variable, read, expected);
    }

    private static final Map<String, Case> CASES = cases();

    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("docker.image", of("lean-docker-mcp:custom", Settings::image, "lean-docker-mcp:custom"));
        c.put("docker.working_dir", of("/home/leanuser/elsewhere", Settings::workingDir, "/home/leanuser/elsewhere"));
        c.put("docker.memory_limit", of("512m", s -> s.limits().memoryBytes(), 512L << 20));
        c.put("docker.cpu_limit", of("0.8", s -> s.limits().cpus(), 0.8));
        c.put("docker.timeout", of("45", Settings::timeout, Duration.ofSeconds(45)));
        c.put("docker.network_disabled", of("false", s -> s.limits().networkDisabled(), false));
        c.put("docker.read_only", of("false", s -> s.limits().readOnlyRoot(), false));
        c.put("docker.pool_enabled", of("false", s -> s.pool().enabled(), false));
        c.put("docker.pool_size", of("7", s -> s.pool().size(), 7));
        c.put("docker.pool_max_age", of("600", s -> s.pool().maxAge(), Duration.ofSeconds(600)));
        c.put("docker.max_concurrent_creations", of("3", s -> s.pool().maxConcurrentCreations(), 3));
        c.put("docker.backend", of("local", Settings::backend, Backend.LOCAL));
        c.put("docker.docker_host", of("tcp://127.0.0.1:2375", Settings::dockerHost, "tcp://127.0.0.1:2375"));
        c.put("docker.hosts", list("[unix:///a.sock, tcp://b:2376 capacity=4]", "unix:///a.sock,tcp://b:2376 capacity=4", Settings::hosts,
                List.of(new DockerHost("unix:///a.sock", null, 0), new DockerHost("tcp://b:2376", null, 4))));
        c.put("docker.max_sandboxes", of("99", s -> s.pool().maxSandboxes(), 99));
        c.put("docker.acquire_timeout", of("17", s -> s.pool().acquireTimeout(), Duration.ofSeconds(17)));
        c.put("docker.pids_limit", of("99", s -> s.limits().pidsLimit(), 99L));
        c.put("docker.nofile_limit", of("2048", s -> s.limits().nofile(), 2048L));
        c.put("docker.fsize_limit", of("64m", s -> s.limits().fsizeBytes(), 64L << 20));
        c.put("docker.tmpfs_size", of("32m", s -> s.limits().tmpfsBytes(), 32L << 20));
        c.put("docker.writable_dirs", list("[/tmp, /scratch]", "/tmp,/scratch", s -> s.limits().writableDirs(), List.of("/tmp", "/scratch")));
        c.put("docker.user", of("1001:1001", s -> s.limits().user(), "1001:1001"));
        c.put("docker.output_limit", of("2m", Settings::outputLimitBytes, 2L << 20));
        c.put("docker.max_source_bytes", of("64k", Settings::maxSourceBytes, 64 << 10));
        c.put("docker.agent_grace", of("9", Settings::agentGrace, Duration.ofSeconds(9)));
        c.put("docker.environment", list("[LEAN_PATH=/opt/lean, LANG=C.UTF-8]", "LEAN_PATH=/opt/lean,LANG=C.UTF-8",
                Settings::environment, List.of("LEAN_PATH=/opt/lean", "LANG=C.UTF-8")));
        c.put("docker.auto_build", of("false", s -> s.imageBuild().auto(), false));
        c.put("docker.build_context", of("/opt/lean-sandbox/docker", s -> s.imageBuild().context(), Path.of("/opt/lean-sandbox/docker")));
        c.put("docker.dockerfile", of("Lean.Dockerfile", s -> s.imageBuild().dockerfile(), "Lean.Dockerfile"));
        c.put("docker.shm_size", of("8m", s -> s.limits().shmBytes(), 8L << 20));
        c.put("docker.runtime", of("runsc", s -> s.limits().runtime(), "runsc"));
        c.put("docker.reset_memory_slack", of("64m", s -> s.limits().resetMemorySlackBytes(), 64L << 20));
        c.put("docker.docker_api_timeout", of("7", Settings::dockerApiTimeout, Duration.ofSeconds(7)));
        c.put("docker.reaper", of("false", Settings::reaper, false));
        c.put("docker.allow_unsafe_settings", of("true", Settings::unsafe, io.leansandbox.engine.config.UnsafeSettings.ALL));
        c.put("docker.allow_root_user", of("true", s -> s.unsafe().rootUser(), true));
        c.put("docker.allow_network", of("true", s -> s.unsafe().network(), true));
        c.put("docker.allow_writable_root", of("true", s -> s.unsafe().writableRoot(), true));
        c.put("docker.allow_limits_beyond_host", of("true", s -> s.unsafe().limitsBeyondHost(), true));
        c.put("lean.allowed_imports", list("[Lean, Std]", "Lean,Std", s -> s.importPolicy().allowed(), List.of("Lean", "Std")));
        c.put("lean.blocked_imports", list("[Lean.Elab]", "Lean.Elab", s -> s.importPolicy().blocked(), List.of("Lean.Elab")));
        c.put("lean.max_sessions", of("5", s -> s.sessions().maxSessions(), 5));
        c.put("lean.session_idle_timeout", of("77", s -> s.sessions().idleTimeout(), Duration.ofSeconds(77)));
        c.put("lean.warm_enabled", of("false", s -> s.warm().enabled(), false));
        c.put("lean.warm_repls_per_header", of("3", s -> s.warm().perHeader(), 3));
        c.put("lean.max_warm_repls", of("4", s -> s.warm().maxRepls(), 4));
        c.put("lean.warm_max_uses", of("5", s -> s.warm().maxUses(), 5));
        c.put("lean.warm_memory_limit", of("1g", s -> s.warm().memoryBytes(), 1L << 30));
        c.put("lean.warm_recycle_memory", of("600m", s -> s.warm().recycleMemoryBytes(), 600L << 20));
        c.put("lean.warm_headers", list("[import Mathlib]", "import Mathlib", s -> s.warm().headers(), List.of("import Mathlib")));
        c.put("grading.allowed_axioms", list("[propext]", "propext", s -> s.grading().allowedAxioms(), List.of("propext")));
        c.put("grading.allow_native_decide", of("true", s -> s.grading().allowNativeDecide(), true));
        c.put("grading.gold_timeout", of("90", s -> s.grading().goldTimeout(), Duration.ofSeconds(90)));
        c.put("grading.gold_output_limit", of("8m", s -> s.grading().goldOutputLimit(), 8L << 20));
        c.put("grading.gold_pool_size", of("5", s -> s.grading().goldPoolSize(), 5));
        c.put("kubernetes.namespace", of("lean", s -> s.kubernetes().namespace(), "lean"));
        c.put("kubernetes.context", of("prod", s -> s.kubernetes().context(), "prod"));
        c.put("kubernetes.runtime_class", of("gvisor", s -> s.kubernetes().runtimeClass(), "gvisor"));
        c.put("kubernetes.warm_pods", of("4", s -> s.kubernetes().warmPods(), 4));
        c.put("kubernetes.lease_seconds", of("15", s -> s.kubernetes().leaseSeconds(), 15));
        c.put("kubernetes.active_deadline", of("600", s -> s.kubernetes().activeDeadline(), Duration.ofSeconds(600)));
        c.put("kubernetes.pod_ready_timeout", of("30", s -> s.kubernetes().podReadyTimeout(), Duration.ofSeconds(30)));
        c.put("kubernetes.image_pull_policy", of("Always", s -> s.kubernetes().imagePullPolicy(), "Always"));
        c.put("kubernetes.agent_sandbox", of("true", s -> s.kubernetes().agentSandbox(), true));
        c.put("kubernetes.sandbox_template", of("lean", s -> s.kubernetes().sandboxTemplate(), "lean"));
        c.put("kubernetes.warm_pool", of("fast", s -> s.kubernetes().warmPool(), "fast"));
        return c;
    }

    @TempDir
    Path dir;

    @Test
    void everyKeyOfTheEngineHasACaseHere() {
        TreeSet<String> engine = new TreeSet<>();
        SettingsLoader.KEYS.forEach((section, keys) -> keys.forEach(key -> engine.add(section + "." + key)));
        assertThat(new TreeSet<>(CASES.keySet())).isEqualTo(engine);
    }

    @Test
    void eachCaseChangesItsValueFromTheDefault() {
        CASES.forEach((key, c) -> assertThat(c.read().apply(Settings.defaults())).as(key).isNotEqualTo(c.expected()));
    }

    @TestFactory
    Stream<DynamicTest> eachKeyAsAYamlKeyReachesTheSettings() {
        return CASES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String[] sectionAndKey = e.getKey().split("\\.");
            Path file = Files.writeString(dir.resolve(sectionAndKey[1] + ".yaml"),
                    sectionAndKey[0] + ":\n  " + sectionAndKey[1] + ": " + e.getValue().yaml() + "\n");
            Settings settings = SettingsLoader.load(Map.of(SettingsLoader.CONFIG_VARIABLE, file.toString()), dir.resolve("absent.yaml"));
            assertThat(e.getValue().read().apply(settings)).isEqualTo(e.getValue().expected());
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachKeyAsAVariableReachesTheSettings() {
        return CASES.entrySet().stream().map(e -> {
            String variable = SettingsLoader.ENV_PREFIX + e.getKey().split("\\.")[1].toUpperCase(Locale.ROOT);
            return DynamicTest.dynamicTest(variable, () -> {
                Settings settings = SettingsLoader.load(Map.of(variable, e.getValue().variable()), dir.resolve("absent.yaml"));
                assertThat(e.getValue().read().apply(settings)).isEqualTo(e.getValue().expected());
            });
        });
    }

    @Test
    void theDefaultFileIsReadWhenNoVariableNamesOne() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "docker:\n  pool_size: 3\n");
        assertThat(SettingsLoader.load(Map.of(), file).pool().size()).isEqualTo(3);
    }

    @Test
    void aVariableOverridesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "docker:\n  timeout: 12\n");
        Settings settings = SettingsLoader.load(Map.of(SettingsLoader.CONFIG_VARIABLE, file.toString(),
                "LEAN_DOCKER_MCP_TIMEOUT", "13"), dir.resolve("absent.yaml"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(13));
    }
}
