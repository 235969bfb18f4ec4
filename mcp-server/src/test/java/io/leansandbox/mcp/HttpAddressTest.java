package io.leansandbox.mcp;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --http} addresses, the Host and Origin rules, and the bearer token's sources. */
class HttpAddressTest {

    @Test
    void theHostDefaultsToLoopback() {
        assertThat(HttpAddress.parse("8080")).isEqualTo(new HttpAddress("127.0.0.1", 8080));
        assertThat(HttpAddress.parse(":0")).isEqualTo(new HttpAddress("127.0.0.1", 0));
        assertThat(HttpAddress.parse("localhost:9000")).isEqualTo(new HttpAddress("localhost", 9000));
        assertThat(HttpAddress.parse("[::1]:9000")).isEqualTo(new HttpAddress("::1", 9000));
        assertThat(HttpAddress.parse("[::1]:9000").urlHost()).isEqualTo("[::1]");
    }

    @Test
    void badAddressesAreRefusedWithAnExample() {
        for (String bad : new String[] {"", "http", "host:", "1:2:3", "[::1]", "70000", "-1", "host:port"}) {
            assertThatThrownBy(() -> HttpAddress.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 8080");
        }
    }

    @Test
    void loopbackIsWhatResolvesOnlyToLoopback() {
        assertThat(HttpAddress.parse("127.0.0.1:1").isLoopback()).isTrue();
        assertThat(HttpAddress.parse("[::1]:1").isLoopback()).isTrue();
        assertThat(HttpAddress.parse("localhost:1").isLoopback()).isTrue();
        assertThat(HttpAddress.parse("0.0.0.0:1").isLoopback()).isFalse();
        assertThat(HttpAddress.parse("no-such-host.invalid:1").isLoopback()).isFalse();
    }

    @Test
    void hostHeadersMustNameALoopbackHost() {
        for (String good : new String[] {"localhost", "localhost:8080", "127.0.0.1:1", "[::1]:3000", "[::1]", "LOCALHOST:1"}) {
            assertThat(HttpAccessFilter.isLoopbackHost(good)).as(good).isTrue();
        }
        for (String bad : new String[] {"evil.example.com", "evil.example.com:8080", "localhost.evil.com", "127.0.0.1.nip.io",
                "localhost:80x", "", "[::2]:1", "127.0.0.2"}) {
            assertThat(HttpAccessFilter.isLoopbackHost(bad)).as(bad).isFalse();
        }
        assertThat(HttpAccessFilter.isLoopbackHost(null)).isFalse();
    }

    @Test
    void originsMustBeLoopbackOrigins() {
        for (String good : new String[] {"http://localhost:6274", "http://127.0.0.1", "https://[::1]:8443"}) {
            assertThat(HttpAccessFilter.isLoopbackOrigin(good)).as(good).isTrue();
        }
        for (String bad : new String[] {"http://evil.example.com", "null", "file://", "http://localhost.evil.com:80", "ftp://localhost"}) {
            assertThat(HttpAccessFilter.isLoopbackOrigin(bad)).as(bad).isFalse();
        }
    }

    @Test
    void theTokenComesFromTheFileElseTheEnvironment() throws Exception {
        Path file = Files.createTempFile("token", ".txt");
        try {
            Files.writeString(file, "  s3cret-token\n");
            assertThat(BearerToken.load(file, Map.of(BearerToken.ENV, "other"))).contains("s3cret-token");
            assertThat(BearerToken.load(null, Map.of(BearerToken.ENV, "from-env"))).contains("from-env");
            assertThat(BearerToken.load(null, Map.of())).isEqualTo(Optional.empty());
            Files.writeString(file, "\n");
            assertThatThrownBy(() -> BearerToken.load(file, Map.of())).hasMessageContaining("empty");
            Files.writeString(file, "two words");
            assertThatThrownBy(() -> BearerToken.load(file, Map.of())).hasMessageContaining("without spaces");
        } finally {
            Files.delete(file);
        }
        assertThatThrownBy(() -> BearerToken.load(Path.of("/no/such/token"), Map.of())).hasMessageContaining("cannot read");
    }
}
