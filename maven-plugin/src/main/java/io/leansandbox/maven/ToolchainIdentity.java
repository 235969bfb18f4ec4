package io.leansandbox.maven;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.leansandbox.engine.LeanSandbox;
import io.leansandbox.engine.config.Settings;

import java.time.Duration;
import java.util.Optional;

/**
 * Names the toolchain a verdict came from, for the cache key.
 *
 * <p>With Docker it is the image's id, read straight from the daemon: it changes whenever the image
 * is rebuilt (a new Mathlib under the same Lean version included), and reading it starts no
 * container, so a build whose files are all unchanged makes no sandbox at all. With the local backend
 * it is what {@code lean --version} prints, asked through the engine.
 */
final class ToolchainIdentity {

    private ToolchainIdentity() {
    }

    /** {@code image NAME@ID}, or empty when the daemon or the image cannot be reached (the engine then says why). */
    static Optional<String> ofDockerImage(Settings settings) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (settings.dockerHost() != null) {
            builder.withDockerHost(settings.dockerHost());
        }
        try {
            DockerClientConfig config = builder.build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
            try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
                String id = docker.inspectImageCmd(settings.image()).exec().getId();
                return id == null || id.isBlank() ? Optional.empty() : Optional.of("image " + settings.image() + "@" + id);
            }
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** {@code lean VERSION} as the engine's sandboxes report it, or empty when it could not be read. */
    static Optional<String> ofEngine(LeanSandbox engine) {
        String version = engine.status().leanVersion();
        return version == null || version.startsWith("unknown") ? Optional.empty() : Optional.of("lean " + version);
    }
}
