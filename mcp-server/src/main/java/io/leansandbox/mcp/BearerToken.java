package io.leansandbox.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The secret an HTTP client must send as {@code Authorization: Bearer TOKEN}, from a file or the environment. */
final class BearerToken {

    static final String ENV = "LEAN_SANDBOX_MCP_TOKEN";

    private BearerToken() {
    }

    /**
     * The token: the content of {@code file} (surrounding whitespace removed) if given, else the value
     * of {@value #ENV} if set; none if neither. A token that is empty or has spaces or control
     * characters is refused with the reason.
     */
    static Optional<String> load(Path file, Map<String, String> environment) {
        if (file != null) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("--token-file " + file + ": cannot read it (" + e + ")", e);
            }
            return Optional.of(check(content.strip(), "--token-file " + file));
        }
        String value = environment.get(ENV);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(check(value.strip(), ENV));
    }

    private static String check(String token, String source) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException(source + ": the token is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(source + ": the token may hold only visible ASCII characters, without spaces");
            }
        }
        return token;
    }
}
