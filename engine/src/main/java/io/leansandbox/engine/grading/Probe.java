package io.leansandbox.engine.grading;

import io.leansandbox.engine.lean.Declaration;
import io.leansandbox.engine.lean.ReplStep;
import io.leansandbox.engine.result.Diagnostic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command sent after a candidate, in its environment: {@code #print axioms} for every graded
 * declaration, then {@code #print "<nonce>"}. Lean answers each at its own line, so each answer is
 * matched to the name asked by position; the nonce, made after the candidate ran, proves that this
 * answer is the REPL's answer to this command and not one written by the candidate.
 *
 * <p>An {@code example} is not kept in the environment, so a copy of it is elaborated first as a
 * theorem named {@code lean_sandbox_example_L<line>}, whose axioms are then asked for.
 */
final class Probe {

    private static final Pattern EXAMPLE = Pattern.compile("\\bexample\\b");

    private final String text;
    private final Map<Declaration, Integer> printLines;
    private final Map<Declaration, String> askedNames;
    private final int nonceLine;
    private final String nonce;

    private Probe(String text, Map<Declaration, Integer> printLines, Map<Declaration, String> askedNames, int nonceLine,
                  String nonce) {
        this.text = text;
        this.printLines = printLines;
        this.askedNames = askedNames;
        this.nonceLine = nonceLine;
        this.nonce = nonce;
    }

    /** The probe for {@code declarations} of {@code source}. */
    static Probe of(String source, List<Declaration> declarations) {
        String[] lines = source.split("\n", -1);
        StringBuilder text = new StringBuilder();
        List<String> prints = new ArrayList<>();
        Map<Declaration, String> asked = new LinkedHashMap<>();
        for (Declaration d : declarations) {
            String name = d.name();
            if (d.kind().equals("example")) {
                name = exampleName(d);
                String copy = String.join("\n", List.of(lines).subList(d.startLine() - 1, Math.min(d.endLine(), lines.length)));
                Matcher keyword = EXAMPLE.matcher(copy);
                if (!keyword.find()) {
                    continue;
                }
                text.append(copy, 0, keyword.start()).append("theorem ").append(name).append(copy.substring(keyword.end())).append("\n\n");
            }
            if (name != null) {
                asked.put(d, name);
                prints.add(name);
            }
        }
        int line = (int) text.chars().filter(c -> c == '\n').count() + 1;
        Map<Declaration, Integer> printLines = new LinkedHashMap<>();
        for (Map.Entry<Declaration, String> e : asked.entrySet()) {
            text.append("#print axioms ").append(e.getValue()).append('\n');
            printLines.put(e.getKey(), line++);
        }
        String nonce = "lean-sandbox-probe " + UUID.randomUUID();
        text.append("#print \"").append(nonce).append("\"");
        return new Probe(text.toString(), printLines, asked, line, nonce);
    }

    static String exampleName(Declaration example) {
        return "lean_sandbox_example_L" + example.startLine();
    }

    String text() {
        return text;
    }

    /** What the REPL's answer says: the axioms of each declaration it answered for, and whether the nonce came back. */
    Result read(ReplStep answer) {
        Map<Declaration, AxiomAnswer> found = new LinkedHashMap<>();
        boolean nonceSeen = false;
        if (answer.answered() && !answer.refused()) {
            for (Diagnostic d : answer.result().diagnostics()) {
                if (d.start() == null) {
                    continue;
                }
                int at = d.start().line();
                if (at == nonceLine && d.message().strip().equals(nonce)) {
                    nonceSeen = true;
                }
                printLines.forEach((declaration, line) -> {
                    if (line == at) {
                        AxiomAnswer.parse(d.message()).filter(a -> a.answers(askedNames.get(declaration)))
                                .ifPresent(a -> found.putIfAbsent(declaration, a));
                    }
                });
            }
        }
        return new Result(found, nonceSeen, answer.strayBytes());
    }

    /** The probe's findings. */
    record Result(Map<Declaration, AxiomAnswer> axioms, boolean nonceConfirmed, long strayBytes) {
        Optional<AxiomAnswer> of(Declaration d) {
            return Optional.ofNullable(axioms.get(d));
        }
    }
}
