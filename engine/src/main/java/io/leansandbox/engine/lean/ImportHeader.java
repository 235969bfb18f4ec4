package io.leansandbox.engine.lean;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import header of a Lean file: the modules named by its leading {@code import} commands
 * (comments ignored), and where the body after them starts.
 *
 * @param modules     module names in order of appearance
 * @param commands    the import commands themselves, modifiers kept, spacing normalised
 *                    ({@code public import all Foo.Bar})
 * @param lines       the line (from 1) of each command
 * @param bodyOffset  index in the source where the header ends
 */
public record ImportHeader(List<String> modules, List<String> commands, List<Integer> lines, int bodyOffset) {

    // One header command: optional modifiers, `import`, optional `all`/`runtime`, a module name.
    private static final Pattern IMPORT = Pattern.compile(
            "\\G\\s*(?:(?:public|private|meta)\\s+)*import\\s+(?:(?:all|runtime)\\s+)?"
                    + "([\\p{L}_][\\p{L}\\p{N}_'!?]*(?:\\.[\\p{L}_«][\\p{L}\\p{N}_'!?»]*)*)");
    private static final Pattern PREAMBLE = Pattern.compile("\\G\\s*(?:module\\s+)?(?:prelude\\s+)?");

    public ImportHeader {
        modules = List.copyOf(modules);
        commands = List.copyOf(commands);
        lines = List.copyOf(lines);
    }

    /** Parses the header of {@code source}. */
    public static ImportHeader parse(String source) {
        return parse(source, SourceScanner.codeOnly(source));
    }

    /** Parses the header of {@code source} whose {@link SourceScanner#codeOnly} is {@code code}. */
    static ImportHeader parse(String source, String code) {
        Matcher preamble = PREAMBLE.matcher(code);
        int offset = preamble.lookingAt() ? preamble.end() : 0;
        List<String> modules = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Matcher m = IMPORT.matcher(code);
        int end = 0;
        while (m.find(offset) && m.start() == offset) {
            modules.add(m.group(1));
            commands.add(m.group().strip().replaceAll("\\s+", " "));
            lines.add(SourceOffset.of(source, m.start(1)).line());
            end = m.end();
            offset = end;
        }
        return new ImportHeader(modules, commands, lines, end);
    }

    public boolean isEmpty() {
        return modules.isEmpty();
    }
}
