package io.leansandbox.engine;

import io.leansandbox.engine.result.Status;
import io.leansandbox.engine.testing.LeanInputs;
import io.leansandbox.engine.testing.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a clear error naming the cause, and the engine keeps serving. */
class BadInputIT {

    private static LeanSandbox engine;

    @BeforeAll
    static void start() {
        engine = LeanSandbox.start(TestEngines.docker(1));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @AfterEach
    void engineStillServes() {
        assertThat(engine.run(LeanInputs.accepted()).status()).isEqualTo(Status.SUCCESS);
    }

    @Test
    void emptyCode() {
        assertThatThrownBy(() -> engine.run("")).isInstanceOf(InvalidSourceException.class).hasMessageContaining("empty");
    }

    @Test
    void tenMegabytesOfCode() {
        assertThatThrownBy(() -> engine.run("-- " + "x".repeat(10 << 20)))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("over the limit");
    }

    @Test
    void nulBytes() {
        assertThatThrownBy(() -> engine.run("def x := 1\u0000")).isInstanceOf(InvalidSourceException.class).hasMessageContaining("NUL");
    }

    @Test
    void invalidUtf8() {
        assertThatThrownBy(() -> engine.run(new byte[]{'d', 'e', 'f', (byte) 0xFF, (byte) 0xFE}))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void missingImage() {
        var settings = TestEngines.docker(1).toBuilder().image("lean-sandbox/no-such-image:0").build();
        assertThatThrownBy(() -> LeanSandbox.start(settings))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("lean-sandbox/no-such-image:0").hasMessageContaining("docker build");
    }

    @Test
    void noDockerDaemon() {
        var settings = TestEngines.docker(1).toBuilder().dockerHost("unix:///tmp/no-docker-here.sock").build();
        assertThatThrownBy(() -> LeanSandbox.start(settings))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("cannot reach the Docker daemon").hasMessageContaining("/tmp/no-docker-here.sock");
    }
}
