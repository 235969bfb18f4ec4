package io.leansandbox.engine.lean;

/**
 * Blanks Lean comments and string literals out of source text, keeping every other character and
 * every line break where it was, so that simple scans (the import header, a {@code def main}) see
 * only code and positions stay true.
 */
public final class SourceScanner {

    private SourceScanner() {
    }

    /** The source with comments ({@code --}, nested block comments) and string contents replaced by spaces. */
    public static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source);
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '-' && next(source, i) == '-') {
                int end = source.indexOf('\n', i);
                i = blank(out, i, end < 0 ? n : end);
            } else if (c == '/' && next(source, i) == '-') {
                i = blank(out, i, endOfBlockComment(source, i));
            } else if (c == '"') {
                i = blank(out, i, endOfString(source, i));
            } else if (c == '«') {
                // A quoted name part («a -- b») holds anything but », comment markers and quotes included.
                int close = source.indexOf('»', i + 1);
                i = close < 0 ? n : close + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : '\0';
    }

    /** Block comments nest in Lean: {@code /- a /- b -/ c -/} is one comment. */
    private static int endOfBlockComment(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            if (s.startsWith("/-", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("-/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int endOfString(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int blank(StringBuilder out, int from, int to) {
        for (int i = from; i < to; i++) {
            if (out.charAt(i) != '\n') {
                out.setCharAt(i, ' ');
            }
        }
        return to;
    }
}
