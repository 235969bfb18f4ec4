package io.leansandbox.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void noFileAndNoVariablesGiveTheDefaults() {
        assertThat(SettingsLoader.load(Map.of(), dir.resolve("absent.yaml"))).isEqualTo(Settings.defaults());
    }

    @Test
    void theOriginalsYamlFileIsRead() throws IOException {
        Path file = yaml("""
                docker:
                  image: lean-docker-mcp:latest
                  working_dir: /home/leanuser/project
                  memory_limit: 512m
                  cpu_limit: 0.8
                  timeout: 45
                  network_disabled: true
                  read_only: false
                  pool_enabled: true
                  pool_size: 8
                  pool_max_age: 600
                  max_concurrent_creations: 3
                lean:
                  allowed_imports: [Lean, Init, Std, Mathlib]
                  blocked_imports:
                    - System.IO.Process
                """);
        Settings s = SettingsLoader.load(Map.of(), file);
        assertThat(s.image()).isEqualTo("lean-docker-mcp:latest");
        assertThat(s.limits().memoryBytes()).isEqualTo(512L << 20);
        assertThat(s.limits().cpus()).isEqualTo(0.8);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.limits().readOnlyRoot()).isFalse();
        assertThat(s.pool().size()).isEqualTo(8);
        assertThat(s.pool().maxAge()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.pool().maxConcurrentCreations()).isEqualTo(3);
        assertThat(s.importPolicy().allowed()).containsExactly("Lean", "Init", "Std", "Mathlib");
        assertThat(s.importPolicy().blocked()).containsExactly("System.IO.Process");
    }

    @Test
    void theOriginalsVariablesOverrideTheFile() throws IOException {
        Path file = yaml("docker:\n  pool_size: 8\n");
        Settings s = SettingsLoader.load(Map.of(
                "LEAN_DOCKER_MCP_CONFIG", file.toString(),
                "LEAN_DOCKER_MCP_POOL_SIZE", "64",
                "LEAN_DOCKER_MCP_POOL_MAX_AGE", "600",
                "LEAN_DOCKER_MCP_MAX_CONCURRENT_CREATIONS", "10",
                "LEAN_DOCKER_MCP_POOL_ENABLED", "false",
                "LEAN_DOCKER_MCP_MEMORY_LIMIT", "512m",
                "LEAN_DOCKER_MCP_CPU_LIMIT", "0.8",
                "LEAN_DOCKER_MCP_TIMEOUT", "12"), dir.resolve("absent.yaml"));
        assertThat(s.pool().size()).isEqualTo(64);
        assertThat(s.pool().maxSandboxes()).isEqualTo(64);
        assertThat(s.pool().maxAge()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.pool().maxConcurrentCreations()).isEqualTo(10);
        assertThat(s.pool().enabled()).isFalse();
        assertThat(s.limits().memoryBytes()).isEqualTo(512L << 20);
        assertThat(s.limits().cpus()).isEqualTo(0.8);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void unknownKeysAndVariablesAreNamed() throws IOException {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), yaml("docker:\n  pool_sise: 3\n")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("docker.pool_sise");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_POOLSIZE", "3"), dir.resolve("x")))
                .hasMessageContaining("LEAN_DOCKER_MCP_POOLSIZE");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), yaml("dokcer:\n  image: x\n")))
                .hasMessageContaining("dokcer");
    }

    @Test
    void badValuesAreNamedWithTheirOrigin() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_POOL_SIZE", "many"), dir.resolve("x")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'many'").hasMessageContaining("docker.pool_size").hasMessageContaining("LEAN_DOCKER_MCP_POOL_SIZE");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_MEMORY_LIMIT", "lots"), dir.resolve("x")))
                .hasMessageContaining("memory_limit");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_BACKEND", "podman"), dir.resolve("x")))
                .hasMessageContaining("podman");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_CONFIG", "/no/such.yaml"), dir.resolve("x")))
                .hasMessageContaining("/no/such.yaml");
    }

    @Test
    void yamlListsKeepItemsWithCommas() throws IOException {
        Settings s = SettingsLoader.load(Map.of(), yaml("""
                docker:
                  environment:
                    - LEAN_STANDIN_IMPORT_COSTS=Mathlib=2000,Std=50
                """));
        assertThat(s.environment()).containsExactly("LEAN_STANDIN_IMPORT_COSTS=Mathlib=2000,Std=50");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), yaml("docker:\n  image: [a, b]\n")))
                .hasMessageContaining("docker.image").hasMessageContaining("not a list");
    }

    @Test
    void theImageBuildSettingsDefaultToBuildingFromTheCheckout() throws IOException {
        ImageBuildSettings defaults = SettingsLoader.load(Map.of(), dir.resolve("absent.yaml")).imageBuild();
        assertThat(defaults).isEqualTo(new ImageBuildSettings(true, null, null));
        assertThat(defaults.dockerfileFor("lean-sandbox:0.1.0", Path.of("/repo/docker"))).isEqualTo(Path.of("/repo/docker/Dockerfile"));
        assertThat(defaults.dockerfileFor("lean-sandbox:mathlib", Path.of("/repo/docker"))).isEqualTo(Path.of("/repo/docker/Dockerfile.mathlib"));

        Settings s = SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_AUTO_BUILD", "false", "LEAN_DOCKER_MCP_BUILD_CONTEXT", "ctx",
                "LEAN_DOCKER_MCP_DOCKERFILE", "images/Lean.Dockerfile"), dir.resolve("absent.yaml"));
        assertThat(s.imageBuild().auto()).isFalse();
        assertThat(s.imageBuild().context()).as("relative: from the current directory").isEqualTo(Path.of("ctx").toAbsolutePath());
        assertThat(s.imageBuild().dockerfileFor("any:1", s.imageBuild().context()))
                .isEqualTo(Path.of("ctx").toAbsolutePath().resolve("images/Lean.Dockerfile"));
        assertThat(SettingsLoader.load(Map.of(), yaml("docker:\n  build_context: \"\"\n  dockerfile: \"\"\n")).imageBuild())
                .as("empty values mean the defaults").isEqualTo(defaults);
    }

    @Test
    void aLimitGivenInTheFileOrAVariableIsMarkedAsTheUsersEvenAtItsDefaultValue() throws IOException {
        // 256m is the default: the user still chose it, and an image's suggestion must not replace it.
        Settings fromFile = SettingsLoader.load(Map.of(), yaml("docker:\n  memory_limit: 256m\n"));
        assertThat(fromFile.userLimits()).isEqualTo(new UserLimits(true, false));
        Settings fromVariable = SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_TIMEOUT", "30"), dir.resolve("absent.yaml"));
        assertThat(fromVariable.userLimits()).isEqualTo(new UserLimits(false, true));
        assertThat(SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_POOL_SIZE", "2"), dir.resolve("absent.yaml")).userLimits())
                .isEqualTo(UserLimits.NONE);
    }

    @Test
    void aVariableAndTheFileTogetherMarkBothLimits() throws IOException {
        Settings s = SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_MEMORY_LIMIT", "8g"), yaml("docker:\n  timeout: 90\n"));
        assertThat(s.userLimits()).isEqualTo(new UserLimits(true, true));
        assertThat(s.limits().memoryBytes()).isEqualTo(8L << 30);
    }

    @Test
    void theBuilderMarksATimeoutAndAChangedMemoryLimitButNotLimitsWithTheSameMemory() {
        Settings d = Settings.defaults();
        assertThat(d.toBuilder().timeout(Duration.ofSeconds(9)).build().userLimits()).isEqualTo(new UserLimits(false, true));
        assertThat(d.toBuilder().limits(d.limits().withMemory(1L << 30)).build().userLimits()).isEqualTo(new UserLimits(true, false));
        // The front doors rebuild limits to change something else (the runtime, say): memory stays the image's to choose.
        assertThat(d.toBuilder().limits(d.limits().withMemory(d.limits().memoryBytes())).build().userLimits())
                .isEqualTo(UserLimits.NONE);
        assertThat(d.toBuilder().memoryLimit(d.limits().memoryBytes()).build().userLimits()).isEqualTo(new UserLimits(true, false));
    }
}
