package io.leansandbox.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Guards every HTTP request before the MCP transport sees it.
 *
 * <ul>
 *   <li>DNS rebinding: on a loopback address, the {@code Host} header must name a loopback host
 *       ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any port), else 421. A web page whose
 *       name an attacker re-pointed at 127.0.0.1 sends its own name there.</li>
 *   <li>Cross-origin browser requests: an {@code Origin} header, when present, must be a loopback
 *       origin, else 403. Clients that are not browsers send none.</li>
 *   <li>The bearer token, when one is configured: {@code Authorization: Bearer TOKEN}, else 401.</li>
 * </ul>
 */
final class HttpAccessFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean checkHost;
    private final byte[] token;

    /** {@code checkHost}: whether to apply the Host rule (loopback binding); {@code token}: null for none. */
    HttpAccessFilter(boolean checkHost, String token) {
        this.checkHost = checkHost;
        this.token = token == null ? null : token.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse reply = (HttpServletResponse) response;
        if (checkHost && !isLoopbackHost(http.getHeader("Host"))) {
            refuse(reply, 421, "Misdirected Request: this server answers only to localhost, 127.0.0.1 and [::1] in the Host header");
            return;
        }
        String origin = http.getHeader("Origin");
        if (origin != null && !isLoopbackOrigin(origin)) {
            refuse(reply, HttpServletResponse.SC_FORBIDDEN, "Forbidden: requests from origin " + origin + " are not allowed");
            return;
        }
        if (token != null && !hasToken(http.getHeader("Authorization"))) {
            reply.setHeader("WWW-Authenticate", "Bearer realm=\"lean-sandbox\"");
            refuse(reply, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized: send the server's token as 'Authorization: Bearer TOKEN'");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !validPortSuffix(host.substring(close + 1))) {
                return false;
            }
            host = host.substring(0, close + 1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                if (!validPortSuffix(host.substring(colon))) {
                    return false;
                }
                host = host.substring(0, colon);
            }
        }
        return LOOPBACK_HOSTS.contains(host);
    }

    static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            return scheme != null && host != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))
                    && (uri.getPath() == null || uri.getPath().isEmpty());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean validPortSuffix(String suffix) {
        return suffix.isEmpty() || suffix.matches(":\\d{1,5}");
    }

    private boolean hasToken(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = value.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token); // constant time
    }

    private static void refuse(HttpServletResponse reply, int status, String message) throws IOException {
        reply.setStatus(status);
        reply.setContentType("application/json");
        reply.setCharacterEncoding("UTF-8");
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").putNull("id");
        body.putObject("error").put("code", -32000).put("message", message);
        reply.getWriter().write(JSON.writeValueAsString(body));
    }
}
