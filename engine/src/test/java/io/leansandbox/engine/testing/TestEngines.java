package io.leansandbox.engine.testing;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.lean.ImportPolicy;

import java.time.Duration;

/** Settings for tests that run against the Docker daemon and the stand-in image. */
public final class TestEngines {

    private TestEngines() {
    }

    public static String image() {
        return System.getProperty("lean.test.image", "lean-sandbox/standin:latest");
    }

    /** The stand-in image, a small pool, and a short timeout. */
    public static Settings docker(int poolSize) {
        return Settings.defaults().toBuilder()
                .backend(Backend.DOCKER)
                .image(image())
                .importPolicy(ImportPolicy.OPEN)
                .timeout(Duration.ofSeconds(5))
                .pool(new PoolSettings(true, poolSize, Duration.ofSeconds(300), 2, Math.max(1, poolSize), Duration.ofSeconds(60)))
                .build();
    }
}
