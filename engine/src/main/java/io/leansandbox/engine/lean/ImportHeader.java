package io.leansandbox.engine.lean;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header of a Lean file as Lean 4.33 parses it (comments and blank lines ignored):
 * <pre>
 *   header := ["module"] ["prelude"] import*
 *   import := ["public"] ["meta"] "import" ["all"] ident
 * </pre>
 * (Lean's {@code Lean.Parser.Module.header}:
 * <a href="https://github.com/leanprover/lean4/blob/master/src/Lean/Parser/Module.lean">src/Lean/Parser/Module.lean</a>),
 * where an ident's parts are separated by dots and a part is either plain or quoted in {@code «»}
 * (anything but {@code »} inside, spaces included).
 *
 * @param module      whether the file starts with {@code module} (Lean's module system: the body is
 *                    elaborated at other visibility levels, and import modifiers are allowed)
 * @param prelude     whether it says {@code prelude} (no implicit {@code import Init})
 * @param imports     the import commands in order of appearance
 * @param bodyOffset  index in the source where the header ends
 * @param trailing    what Lean would still read as header after it, if anything ({@code import} again,
 *                    a name cut short by a dot, a misplaced {@code module}): the header then does not
 *                    parse as written, and only Lean can say how
 */
public record ImportHeader(boolean module, boolean prelude, List<Import> imports, int bodyOffset, Optional<String> trailing) {

    /**
     * One import command.
     *
     * @param exported  {@code public import}: re-exported to the file's importers
     * @param meta      {@code meta import}: available at compile time
     * @param all       {@code import all}: private declarations included
     * @param name      the module's name as written ({@code Foo.«a b»})
     * @param line      the line (from 1) of the name
     */
    public record Import(boolean exported, boolean meta, boolean all, String name, int line) {

        /** The command as Lean reads it, spacing normalised: {@code public meta import all Foo.Bar}. */
        public String command() {
            return (exported ? "public " : "") + (meta ? "meta " : "") + "import " + (all ? "all " : "") + name;
        }

        /** Without modifiers: valid outside the module system. */
        public boolean plain() {
            return !exported && !meta && !all;
        }
    }

    /**
     * Keywords that start commands: Lean's tokenizer reads them as tokens, never as a module name, so
     * {@code import} followed by one does not parse (the list covers what files commonly start with).
     */
    private static final java.util.Set<String> COMMAND_KEYWORDS = java.util.Set.of("def", "theorem", "lemma", "example",
            "abbrev", "instance", "structure", "inductive", "class", "axiom", "opaque", "namespace", "section", "end",
            "open", "variable", "universe", "set_option", "noncomputable", "private", "protected", "attribute", "macro",
            "syntax", "elab", "notation", "infix", "infixl", "infixr", "prefix", "postfix", "deriving", "mutual", "local",
            "scoped", "partial", "unsafe", "initialize", "builtin_initialize", "export", "omit", "include", "public", "meta");

    public ImportHeader {
        imports = List.copyOf(imports);
    }

    /** Parses the header of {@code source}. */
    public static ImportHeader parse(String source) {
        return parse(source, SourceScanner.codeOnly(source));
    }

    /** Parses the header of {@code source} whose {@link SourceScanner#codeOnly} is {@code code}. */
    static ImportHeader parse(String source, String code) {
        Tokens t = new Tokens(code);
        boolean module = t.keyword("module");
        boolean prelude = t.keyword("prelude");
        int end = module || prelude ? t.at : 0;
        List<Import> imports = new ArrayList<>();
        while (true) {
            int start = t.at;
            boolean exported = t.keyword("public");
            boolean meta = t.keyword("meta");
            if (!t.keyword("import")) {
                t.at = start; // `public section` is a command of the body: Lean's import parser is atomic up to `import`
                break;
            }
            boolean all = t.keyword("all");
            int nameAt = t.skipSpace();
            String name = t.ident();
            if (name == null || COMMAND_KEYWORDS.contains(name.split("\\.", 2)[0])) {
                t.at = start;
                break;
            }
            imports.add(new Import(exported, meta, all, source.substring(nameAt, nameAt + name.length()),
                    SourceOffset.of(source, nameAt).line()));
            end = t.at;
        }
        return new ImportHeader(module, prelude, imports, end, trailing(t, end));
    }

    private static Optional<String> trailing(Tokens t, int end) {
        t.at = end;
        if (t.peek('.')) {
            return Optional.of("a module name ends in a dot");
        }
        t.keyword("public");
        t.keyword("meta");
        if (t.keyword("import")) {
            return Optional.of("an import whose module name does not parse");
        }
        for (String keyword : List.of("module", "prelude")) {
            t.at = end;
            if (t.keyword(keyword)) {
                return Optional.of("`" + keyword + "` where Lean's header grammar does not allow it");
            }
        }
        return Optional.empty();
    }

    public List<String> modules() {
        return imports.stream().map(Import::name).toList();
    }

    /** The import commands, modifiers kept, spacing normalised. */
    public List<String> commands() {
        return imports.stream().map(Import::command).toList();
    }

    public List<Integer> lines() {
        return imports.stream().map(Import::line).toList();
    }

    /** No header at all: the file starts with its body (and Lean imports {@code Init}). */
    public boolean isEmpty() {
        return !module && !prelude && imports.isEmpty();
    }

    /**
     * Why this header's meaning would change if it were elaborated apart from the body (as a warm
     * REPL does: the header once, then each body in its environment); empty when it would not.
     * {@code module} changes how the body is elaborated, {@code prelude} drops the implicit
     * {@code Init}, and import modifiers are errors outside the module system: such files must reach
     * Lean whole.
     */
    public Optional<String> whyNotSeparable() {
        if (module) {
            return Optional.of("`module` changes how the whole file is elaborated");
        }
        if (prelude) {
            return Optional.of("`prelude` leaves out the implicit `import Init`");
        }
        for (Import i : imports) {
            if (!i.plain()) {
                return Optional.of("`" + i.command() + "` has modifiers, which only the module system allows");
            }
        }
        return trailing;
    }

    /** Lean's tokens, just enough of them for the header: keywords and dotted identifiers. */
    private static final class Tokens {
        private final String code;
        int at;

        Tokens(String code) {
            this.code = code;
        }

        int skipSpace() {
            while (at < code.length() && Character.isWhitespace(code.charAt(at))) {
                at++;
            }
            return at;
        }

        boolean peek(char c) {
            return at < code.length() && code.charAt(at) == c;
        }

        /** Consumes {@code word} (and the space before it) when it stands alone as a token. */
        boolean keyword(String word) {
            int start = at;
            skipSpace();
            int end = at + word.length();
            if (code.startsWith(word, at) && (end == code.length() || !isIdRest(code.charAt(end)))) {
                at = end;
                return true;
            }
            at = start;
            return false;
        }

        /** A dotted identifier at the current position, consumed; null when there is none. */
        String ident() {
            int start = at;
            while (true) {
                if (peek('«')) {
                    int close = code.indexOf('»', at + 1);
                    if (close < 0) {
                        at = start;
                        return null;
                    }
                    at = close + 1;
                } else if (at < code.length() && isIdFirst(code.charAt(at))) {
                    while (++at < code.length() && isIdRest(code.charAt(at))) {
                        // the rest of the part
                    }
                } else if (at > start) {
                    at--; // `Foo.` with nothing after the dot: leave the dot for trailing() to report
                    return code.substring(start, at);
                } else {
                    return null;
                }
                if (!peek('.')) {
                    return code.substring(start, at);
                }
                at++;
            }
        }

        /** Lean's {@code isIdFirst}, approximately: letters (λ, Π and Σ are tokens) and {@code _}. */
        private static boolean isIdFirst(char c) {
            return (Character.isLetter(c) && c != 'λ' && c != 'Π' && c != 'Σ') || c == '_';
        }

        /** Lean's {@code isIdRest}: also digits, {@code '}, {@code !}, {@code ?} and subscripts. */
        private static boolean isIdRest(char c) {
            return isIdFirst(c) || Character.isDigit(c) || c == '\'' || c == '!' || c == '?'
                    || (c >= '\u2080' && c <= '\u209c') || (c >= '\u1d62' && c <= '\u1d6a');
        }
    }
}
