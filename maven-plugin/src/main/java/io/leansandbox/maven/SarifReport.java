package io.leansandbox.maven;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leansandbox.engine.result.Diagnostic;
import io.leansandbox.engine.result.Position;
import io.leansandbox.engine.result.Severity;
import io.leansandbox.engine.result.Sorry;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A SARIF 2.1.0 log of a check, for GitHub code scanning (and any other SARIF reader): one run, the
 * tool {@code lean-sandbox} with one rule per kind of finding ({@link Rule}), and one result per
 * finding of the files checked in this build.
 *
 * <ul>
 *   <li>Lean's errors and warnings are results at their place: Lean's lines count from 1 and its
 *       columns from 0 in code points, SARIF's columns from 1 (the run's {@code columnKind} is
 *       {@code unicodeCodePoints}), so a column is Lean's plus 1. Info messages ({@code #eval},
 *       {@code #check} output) are not findings and are left out.</li>
 *   <li>Each {@code sorry} is a result at the {@code sorry}, with its goal. Lean's warning "declaration
 *       uses sorry" says the same at the declaration's name, so it is a result only when Lean located
 *       no {@code sorry} in the file.</li>
 *   <li>Findings without a place in the text (an axiom outside the allowed ones, an unverified
 *       declaration, a timeout, a memory limit, a refused file, a failed sandbox) are results at the
 *       line of their declaration, or at line 1 when they are about the whole file.</li>
 *   <li>A result's level is {@code error} when its kind fails the build under the goal's failOn
 *       switches, else {@code warning}.</li>
 *   <li>Files are named relative to the base {@code %SRCROOT%}, the top of the build (GitHub reads
 *       such paths from the repository's root); a file outside it has an absolute {@code file:} URI.</li>
 * </ul>
 *
 * Unchanged files (not checked again, thanks to the cache) have no results: they passed, and the
 * cache keeps no findings, so the tolerated warnings of an unchanged file are only in the log of the
 * build that checked it.
 */
final class SarifReport {

    static final String TOOL_NAME = "lean-sandbox";
    /**
     * Where the tool is described. The project has no public home yet; this points at Lean, whose
     * verdicts these are. Change it when the project has a page of its own.
     */
    static final String INFORMATION_URI = "https://lean-lang.org/";
    /** The base id of the artifact locations: the top of the build. */
    static final String SOURCE_ROOT = "%SRCROOT%";

    private static final ObjectWriter JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writer();

    /** The kinds of finding: a rule each, in this order in the log. */
    enum Rule {
        ERROR("lean-error", FileOutcome.Status.ERROR, "Lean reported an error",
                "Lean rejected the file: an error message (a type mismatch, unsolved goals, an unknown identifier, ...), "
                        + "or the REPL ended without answering. Fails the build unless failOnError is false."),
        SORRY("lean-sorry", FileOutcome.Status.SORRY, "A proof uses sorry",
                "A theorem or definition is not finished: it uses sorry, or depends on sorryAx. "
                        + "Fails the build unless failOnSorry is false."),
        WARNING("lean-warning", FileOutcome.Status.WARNING, "Lean reported a warning",
                "A warning other than the one about sorry (an unused variable, a deprecated name, ...). "
                        + "Fails the build only when failOnWarning is true."),
        AXIOMS("lean-axioms", FileOutcome.Status.AXIOMS, "Depends on an axiom that is not allowed",
                "A theorem or definition depends, by Lean's #print axioms, on an axiom outside the allowed ones "
                        + "(parameter allowedAxioms). Always fails the build."),
        UNVERIFIED("lean-unverified", FileOutcome.Status.UNVERIFIED, "Validity not established",
                "Lean did not report which axioms a theorem or definition depends on, or its answer cannot be trusted "
                        + "(the output was cut at its cap, or held more than Lean's answers). Always fails the build."),
        TIMEOUT("lean-timeout", FileOutcome.Status.TIMEOUT, "The check reached the time limit",
                "No verdict: checking the file took longer than the timeout (parameter timeout). "
                        + "Fails the build unless failOnError is false."),
        LIMIT("lean-limit", FileOutcome.Status.LIMIT, "The check ran out of memory",
                "No verdict: the check reached the sandbox's memory limit (setting docker.memory_limit). "
                        + "Fails the build unless failOnError is false."),
        REFUSED("lean-refused", FileOutcome.Status.REFUSED, "The file was not checked",
                "The engine refused the file before Lean saw it: empty, too large, not UTF-8, or a refused import. "
                        + "Fails the build unless failOnError is false."),
        UNAVAILABLE("lean-unavailable", FileOutcome.Status.UNAVAILABLE, "The sandbox failed",
                "No verdict: the sandbox failed while checking the file. Always fails the build.");

        final String id;
        final FileOutcome.Status status;
        final String shortDescription;
        final String fullDescription;

        Rule(String id, FileOutcome.Status status, String shortDescription, String fullDescription) {
            this.id = id;
            this.status = status;
            this.shortDescription = shortDescription;
            this.fullDescription = fullDescription;
        }

        /** The rule of a kind of finding; none for a pass. */
        static Rule of(FileOutcome.Status status) {
            return Arrays.stream(values()).filter(r -> r.status == status).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no rule for " + status));
        }

        /** {@code LeanError}: the rule's name, as SARIF readers show it. */
        String displayName() {
            StringBuilder name = new StringBuilder();
            for (String word : id.split("-")) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
            return name.toString();
        }

        Sarif.ReportingDescriptor descriptor() {
            return new Sarif.ReportingDescriptor(id, displayName(), new Sarif.MultiformatMessageString(shortDescription),
                    new Sarif.MultiformatMessageString(fullDescription),
                    new Sarif.ReportingConfiguration(level(FailurePolicy.DEFAULT)));
        }

        /** {@code error} when findings of this kind fail the build under {@code policy}, else {@code warning}. */
        String level(FailurePolicy policy) {
            return policy.fails(status) ? "error" : "warning";
        }
    }

    private final FailurePolicy policy;
    private final Path sourceRoot;

    /**
     * @param policy     the goal's failOn switches, which decide each result's level
     * @param sourceRoot the top of the build, absolute: files are named relative to it
     */
    SarifReport(FailurePolicy policy, Path sourceRoot) {
        this.policy = policy;
        this.sourceRoot = sourceRoot.toAbsolutePath().normalize();
    }

    /** The log of {@code outcomes}, by the plugin at {@code version}. */
    Sarif.Log log(List<FileOutcome> outcomes, String version) {
        List<Sarif.Result> results = new ArrayList<>();
        for (FileOutcome outcome : outcomes) {
            results.addAll(results(outcome));
        }
        List<Sarif.ReportingDescriptor> rules = Arrays.stream(Rule.values()).map(Rule::descriptor).toList();
        Sarif.ToolComponent driver = new Sarif.ToolComponent(TOOL_NAME, version, INFORMATION_URI, rules);
        boolean successful = outcomes.stream().noneMatch(o -> o.status() == FileOutcome.Status.UNAVAILABLE);
        Sarif.Run run = new Sarif.Run(new Sarif.Tool(driver), List.of(new Sarif.Invocation(successful)),
                Map.of(SOURCE_ROOT, new Sarif.ArtifactLocation(directoryUri(sourceRoot), null)), "unicodeCodePoints", results);
        return new Sarif.Log(Sarif.SCHEMA, Sarif.VERSION, List.of(run));
    }

    /** Writes {@code log} to {@code file}, atomically (see {@link AtomicFile}). */
    static void write(Path file, Sarif.Log log) throws IOException {
        AtomicFile.write(file, out -> JSON.writeValue(out, log));
    }

    private List<Sarif.Result> results(FileOutcome outcome) {
        Sarif.ArtifactLocation artifact = artifact(outcome.file().path());
        List<Sarif.Result> results = new ArrayList<>();
        for (Diagnostic d : outcome.diagnostics()) {
            if (d.severity() == Severity.INFO || (d.isSorryWarning() && !outcome.sorries().isEmpty())) {
                continue;
            }
            Rule rule = d.isError() ? Rule.ERROR : d.isSorryWarning() ? Rule.SORRY : Rule.WARNING;
            results.add(result(rule, d.message().strip(), artifact, region(d.start(), d.end())));
        }
        for (Sorry s : outcome.sorries()) {
            String goal = s.goal() == null || s.goal().isBlank() ? "" : ", with the goal\n" + s.goal().strip();
            results.add(result(Rule.SORRY, "the proof uses sorry" + goal, artifact, region(s.start(), s.end())));
        }
        for (Problem problem : outcome.problems()) {
            results.add(result(Rule.of(problem.status()), problem.message(), artifact, lineRegion(problem.line())));
        }
        return results;
    }

    private Sarif.Result result(Rule rule, String message, Sarif.ArtifactLocation artifact, Sarif.Region region) {
        return new Sarif.Result(rule.id, rule.ordinal(), rule.level(policy), new Sarif.Message(message),
                List.of(new Sarif.Location(new Sarif.PhysicalLocation(artifact, region))));
    }

    /** Lean's place ({@code end} may be null) as a SARIF region: columns from 1, the end column just after the region. */
    static Sarif.Region region(Position start, Position end) {
        if (start.line() < 1) {
            return lineRegion(0);
        }
        boolean endAfterStart = end != null && (end.line() > start.line() || (end.line() == start.line() && end.column() >= start.column()));
        return endAfterStart
                ? new Sarif.Region(start.line(), start.column() + 1, end.line(), end.column() + 1)
                : new Sarif.Region(start.line(), start.column() + 1, null, null);
    }

    /** The whole of line {@code line}; line 1 when it is unknown (0). */
    static Sarif.Region lineRegion(int line) {
        return new Sarif.Region(Math.max(line, 1), null, null, null);
    }

    /** The file relative to the source root (a relative URI reference), or its absolute URI when outside it. */
    Sarif.ArtifactLocation artifact(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(sourceRoot)) {
            return new Sarif.ArtifactLocation(absolute.toUri().toASCIIString(), null);
        }
        String relative = LeanFile.slashes(sourceRoot.relativize(absolute));
        if (relative.split("/", 2)[0].contains(":")) {
            relative = "./" + relative; // else "a:b/C.lean" would read as a URI of scheme "a"
        }
        try {
            // The path alone, percent-encoded where a URI needs it (spaces, non-ASCII letters).
            return new Sarif.ArtifactLocation(new URI(null, null, relative, null).toASCIIString(), SOURCE_ROOT);
        } catch (URISyntaxException e) {
            return new Sarif.ArtifactLocation(absolute.toUri().toASCIIString(), null);
        }
    }

    private static String directoryUri(Path directory) {
        String uri = directory.toUri().toASCIIString();
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
