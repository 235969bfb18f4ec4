package io.leansandbox.engine.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker.hosts: how an entry is read, and how the settings carry the fleet. */
class DockerHostTest {

    @Test
    void anEntryIsAnAddressWithOptionalCertificatesAndCapacity() {
        assertThat(DockerHost.parse("unix:///var/run/docker.sock"))
                .isEqualTo(new DockerHost("unix:///var/run/docker.sock", null, 0));
        assertThat(DockerHost.parse("  tcp://10.0.0.2:2376   certs=/etc/ls/a  capacity=32 "))
                .isEqualTo(new DockerHost("tcp://10.0.0.2:2376", Path.of("/etc/ls/a"), 32));
    }

    @Test
    void aHostWithoutCertificatesLeavesTlsToTheDockerEnvironment() {
        assertThat(DockerHost.parse("tcp://10.0.0.3:2376").certPath()).isNull();
        assertThat(DockerHost.parse("tcp://10.0.0.3:2376 certs=/own").certPath()).isEqualTo(Path.of("/own"));
    }

    @Test
    void badEntriesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> DockerHost.parse("10.0.0.2:2376")).hasMessageContaining("unix://PATH, tcp://HOST:PORT");
        assertThatThrownBy(() -> DockerHost.parse("tcp://a:1 capacity=lots")).hasMessageContaining("capacity of tcp://a:1");
        assertThatThrownBy(() -> DockerHost.parse("tcp://a:1 capacity=-1")).hasMessageContaining("0 (its CPUs) or more");
        assertThatThrownBy(() -> DockerHost.parse("tcp://a:1 tls=yes")).hasMessageContaining("unknown word 'tls=yes'");
    }

    @Test
    void theSettingsReadTheFleetFromAVariableAndRefuseADaemonNamedTwice() {
        Settings s = SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_HOSTS", "unix:///a.sock,tcp://b:2376 certs=/certs capacity=4"),
                Path.of("/nonexistent/config.yaml"));
        assertThat(s.hosts()).containsExactly(new DockerHost("unix:///a.sock", null, 0),
                new DockerHost("tcp://b:2376", Path.of("/certs"), 4));
        assertThat(Settings.defaults().hosts()).isEmpty();
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("LEAN_DOCKER_MCP_HOSTS", "unix:///a.sock,unix:///a.sock"),
                Path.of("/nonexistent/config.yaml"))).isInstanceOf(SettingsException.class).hasMessageContaining("twice");
        assertThat(List.of(DockerHost.of(null).address())).containsExactly("unix:///var/run/docker.sock");
    }
}
