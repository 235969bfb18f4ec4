package io.leansandbox.maven;

import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, as Maven's includes and excludes use them: {@code *} matches within
 * one directory, {@code **} across directories ({@code **}{@code /} also matches no directory at
 * all), {@code ?} one character; a pattern ending in {@code /} means everything below it.
 * Paths are relative and separated by {@code /}.
 */
record AntPattern(String text, Pattern regex) {

    static AntPattern compile(String text) {
        String pattern = text.strip().replace('\\', '/');
        while (pattern.startsWith("./")) {
            pattern = pattern.substring(2);
        }
        if (pattern.endsWith("/")) {
            pattern += "**";
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:[^/]*/)*");
                i += 3;
            } else if (pattern.startsWith("/**", i) && i + 3 == pattern.length()) {
                regex.append("(?:/.*)?");
                i += 3;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return new AntPattern(text, Pattern.compile(regex.toString()));
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
