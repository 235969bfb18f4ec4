package io.leansandbox.maven;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyTest {

    private static final Settings BASE = Settings.defaults();
    private static final FailurePolicy POLICY = Outcomes.DEFAULT_POLICY;
    private static final String TOOLCHAIN = "image lean-sandbox:latest@sha256:1";

    private static String key(String toolchain, Settings settings, FailurePolicy policy, List<String> axioms) {
        return CacheKey.of(toolchain, settings, policy, axioms, "1.0");
    }

    private static final String REFERENCE = key(TOOLCHAIN, BASE, POLICY, null);

    @Test
    void theSameInputsGiveTheSameKey() {
        assertThat(key(TOOLCHAIN, Settings.defaults(), new FailurePolicy(true, true, false), null)).isEqualTo(REFERENCE);
    }

    @Test
    void aNewToolchainOrPluginVersionChangesTheKey() {
        assertThat(key("image lean-sandbox:latest@sha256:2", BASE, POLICY, null)).isNotEqualTo(REFERENCE);
        assertThat(CacheKey.of(TOOLCHAIN, BASE, POLICY, null, "1.1")).isNotEqualTo(REFERENCE);
    }

    @Test
    void settingsThatCanChangeAVerdictChangeTheKey() {
        assertThat(key(TOOLCHAIN, BASE.toBuilder().timeout(Duration.ofSeconds(5)).build(), POLICY, null)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE.toBuilder().image("other:1").build(), POLICY, null)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE.toBuilder().backend(Backend.LOCAL).build(), POLICY, null)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE, new FailurePolicy(true, false, false), null)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE, POLICY, List.of("propext"))).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE, POLICY, List.of())).isNotEqualTo(REFERENCE).as("none allowed is not unchecked");
    }

    @Test
    void thePoolSizeDoesNotChangeTheKey() {
        Settings bigPool = BASE.toBuilder().pool(new PoolSettings(true, 7, Duration.ofSeconds(300), 5, 64, Duration.ofSeconds(60))).build();
        assertThat(key(TOOLCHAIN, bigPool, POLICY, null)).isEqualTo(REFERENCE);
    }
}
