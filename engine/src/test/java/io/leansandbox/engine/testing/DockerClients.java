package io.leansandbox.engine.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;

/** A plain Docker client for tests that look at containers from outside the engine. */
public final class DockerClients {

    private DockerClients() {
    }

    public static DockerClient local() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .responseTimeout(Duration.ofSeconds(60)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** How many containers, running or not, carry {@code label=value}. */
    public static int countLabelled(String label, String value) {
        try (DockerClient docker = local()) {
            return docker.listContainersCmd().withShowAll(true).withLabelFilter(java.util.List.of(label + "=" + value)).exec().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
