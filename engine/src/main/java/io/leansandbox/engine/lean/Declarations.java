package io.leansandbox.engine.lean;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the declarations of a Lean file by their keywords, with comments and strings ignored and
 * names qualified by the enclosing {@code namespace}s. A scan of the text, not an elaboration:
 * declarations made by macros are not seen.
 */
public final class Declarations {

    private static final Pattern DECLARATION = Pattern.compile(
            "^[ \\t]*(?<attrs>@\\[[^\\]]*\\][ \\t]*)?"
                    + "(?:(?:private|protected|public|noncomputable|unsafe|partial|nonrec|scoped|local)[ \\t]+)*"
                    + "(?<kind>theorem|lemma|def|example|instance|abbrev|axiom|opaque|structure|inductive|class)\\b"
                    + "(?:[ \\t]*\\([^)]*\\))?[ \\t]*(?<name>(?:«[^»\\n]*»|[^\\s:({\\[⦃«])+)?");
    private static final Pattern NAMESPACE = Pattern.compile("^[ \\t]*namespace[ \\t]+(\\S+)");
    private static final Pattern SECTION = Pattern.compile("^[ \\t]*(?:noncomputable[ \\t]+)?section\\b(?:[ \\t]+(\\S+))?");
    private static final Pattern END = Pattern.compile("^[ \\t]*end\\b(?:[ \\t]+(\\S+))?");

    private Declarations() {
    }

    public static List<Declaration> in(String source) {
        String[] lines = SourceScanner.codeOnly(source).split("\n", -1);
        List<String[]> found = new ArrayList<>(); // kind, name, line
        Deque<String> scopes = new ArrayDeque<>(); // namespace names, or "" for a section
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m;
            if ((m = NAMESPACE.matcher(line)).find()) {
                scopes.push(m.group(1));
            } else if ((m = SECTION.matcher(line)).find()) {
                scopes.push("");
            } else if ((m = END.matcher(line)).find()) {
                if (!scopes.isEmpty()) {
                    scopes.pop();
                }
            } else if ((m = DECLARATION.matcher(line)).find()) {
                String kind = m.group("kind");
                String name = m.group("name");
                boolean named = name != null && !kind.equals("example") && !name.equals("where") && !name.equals(":=");
                found.add(new String[]{kind, named ? qualify(scopes, name) : null, Integer.toString(i + 1)});
            }
        }
        List<Declaration> declarations = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            int start = Integer.parseInt(found.get(i)[2]);
            int end = i + 1 < found.size() ? Integer.parseInt(found.get(i + 1)[2]) - 1 : lines.length;
            declarations.add(new Declaration(found.get(i)[0], found.get(i)[1], start, lastCodeLine(lines, start, end)));
        }
        return declarations;
    }

    /** The declaration's own lines end at its last line that is not blank. */
    private static int lastCodeLine(String[] lines, int start, int end) {
        int last = end;
        while (last > start && lines[last - 1].isBlank()) {
            last--;
        }
        return last;
    }

    private static String qualify(Deque<String> scopes, String name) {
        if (name.startsWith("_root_.")) {
            return name.substring("_root_.".length());
        }
        StringBuilder full = new StringBuilder();
        scopes.descendingIterator().forEachRemaining(s -> {
            if (!s.isEmpty()) {
                full.append(s).append('.');
            }
        });
        return full.append(name).toString();
    }
}
