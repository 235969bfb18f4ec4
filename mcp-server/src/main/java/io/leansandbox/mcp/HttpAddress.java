package io.leansandbox.mcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where {@code serve --http} listens: {@code PORT}, {@code :PORT}, {@code HOST:PORT} or
 * {@code [IPV6]:PORT}; the host defaults to 127.0.0.1, and port 0 picks a free port.
 */
record HttpAddress(String host, int port) {

    static final String DEFAULT_HOST = "127.0.0.1";

    /** Parses {@code spec}; an {@link IllegalArgumentException} names what is wrong with it. */
    static HttpAddress parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw bad(spec, "an IPv6 address is written [ADDRESS]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw bad(spec, "write an IPv6 address in brackets, as [::1]:PORT");
            }
            host = colon < 0 ? "" : text.substring(0, colon);
            port = colon < 0 ? text : text.substring(colon + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(spec, "the port must be a number from 0 to 65535");
        }
        if (number < 0 || number > 65535) {
            throw bad(spec, "the port must be a number from 0 to 65535");
        }
        return new HttpAddress(host.isEmpty() ? DEFAULT_HOST : host, number);
    }

    /** Whether every address the host names is a loopback address (unknown hosts are not). */
    boolean isLoopback() {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host as written in a URL: IPv6 addresses in brackets. */
    String urlHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--http '" + spec + "': " + why + " (e.g. 8080, :8080, 127.0.0.1:8080)");
    }
}
