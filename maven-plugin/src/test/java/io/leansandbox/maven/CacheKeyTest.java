package io.leansandbox.maven;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.grading.AxiomPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyTest {

    private static final Settings BASE = Settings.defaults();
    private static final FailurePolicy POLICY = Outcomes.DEFAULT_POLICY;
    private static final String TOOLCHAIN = "image lean-sandbox:latest@sha256:1";

    private static final AxiomPolicy STANDARD = AxiomPolicy.standard();

    private static String key(String toolchain, Settings settings, FailurePolicy policy, AxiomPolicy axioms) {
        return CacheKey.of(toolchain, settings, policy, axioms, "1.0");
    }

    private static final String REFERENCE = key(TOOLCHAIN, BASE, POLICY, STANDARD);

    @Test
    void theSameInputsGiveTheSameKey() {
        assertThat(key(TOOLCHAIN, Settings.defaults(), new FailurePolicy(true, true, false),
                new AxiomPolicy(List.of("propext", "Classical.choice", "Quot.sound")))).isEqualTo(REFERENCE);
    }

    @Test
    void aNewToolchainOrPluginVersionChangesTheKey() {
        assertThat(key("image lean-sandbox:latest@sha256:2", BASE, POLICY, STANDARD)).isNotEqualTo(REFERENCE);
        assertThat(CacheKey.of(TOOLCHAIN, BASE, POLICY, STANDARD, "1.1")).isNotEqualTo(REFERENCE);
    }

    @Test
    void settingsThatCanChangeAVerdictChangeTheKey() {
        assertThat(key(TOOLCHAIN, BASE.toBuilder().timeout(Duration.ofSeconds(5)).build(), POLICY, STANDARD)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE.toBuilder().image("other:1").build(), POLICY, STANDARD)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE.toBuilder().backend(Backend.LOCAL).build(), POLICY, STANDARD)).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE, new FailurePolicy(true, false, false), STANDARD)).isNotEqualTo(REFERENCE);
    }

    @Test
    void theAxiomPolicyChangesTheKey() {
        assertThat(key(TOOLCHAIN, BASE, POLICY, new AxiomPolicy(List.of("propext")))).isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE, POLICY, new AxiomPolicy(List.of()))).as("none allowed").isNotEqualTo(REFERENCE);
        assertThat(key(TOOLCHAIN, BASE, POLICY, STANDARD.withNativeDecide())).isNotEqualTo(REFERENCE);
    }

    @Test
    void thePoolSizeDoesNotChangeTheKey() {
        Settings bigPool = BASE.toBuilder().pool(new PoolSettings(true, 7, Duration.ofSeconds(300), 5, 64, Duration.ofSeconds(60))).build();
        assertThat(key(TOOLCHAIN, bigPool, POLICY, STANDARD)).isEqualTo(REFERENCE);
    }
}
