package io.leansandbox.maven;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A surefire-style XML report, as Jenkins' JUnit plugin and GitLab's {@code artifacts:reports:junit}
 * read it: one {@code testsuite} for the run, one {@code testcase} per file.
 *
 * <ul>
 *   <li>{@code classname} is the file's Lean module ({@code Foo.Bar}), {@code name} its path from the
 *       project's base directory.</li>
 *   <li>A failing verdict (error, sorry, warning, axioms, unverified) is a {@code failure}; a check that reached
 *       no verdict (timeout, limit, refused, sandbox failure) is an {@code error}.</li>
 *   <li>A file unchanged since its last passing check, with the same toolchain and settings, passes:
 *       it is not {@code skipped}, it was checked in an earlier build and nothing its verdict depends
 *       on has changed; its {@code system-out} says so, and its time is 0.</li>
 *   <li>Every finding of a file, failing or not, is in its {@code system-out} as {@code PATH:LINE:COL:
 *       severity: message}.</li>
 * </ul>
 */
final class JUnitXmlReport {

    static final String SUITE_NAME = "lean-sandbox";
    /** The reports of this plugin, whatever their execution id (see {@link #fileFor}). */
    static final String SUITE_FILE_GLOB = "TEST-" + SUITE_NAME + "-*.xml";

    /** The system-out of a file the cache let pass unchecked. */
    static final String UNCHANGED = "passed, not checked again: unchanged since its last passing check"
            + " with the same toolchain and settings (lean-sandbox cache; -Dlean-sandbox.incremental=false checks it)";

    private JUnitXmlReport() {
    }

    /** The report file of a goal execution: {@code TEST-lean-sandbox-EXECUTION.xml}. */
    static Path fileFor(Path reportsDirectory, String executionId) {
        String id = executionId == null || executionId.isBlank() ? "default" : executionId.replaceAll("[^A-Za-z0-9._-]", "_");
        return reportsDirectory.resolve("TEST-" + SUITE_NAME + "-" + id + ".xml");
    }

    /** Writes the report, atomically (see {@link AtomicFile}). */
    static void write(Path file, List<FileOutcome> outcomes, Duration wallTime, LocalDateTime startedAt,
                      Map<String, String> properties) throws IOException {
        AtomicFile.write(file, out -> {
            try {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                try {
                    write(xml, outcomes, wallTime, startedAt, properties);
                } finally {
                    xml.close();
                }
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static void write(XMLStreamWriter xml, List<FileOutcome> outcomes, Duration wallTime, LocalDateTime startedAt,
                              Map<String, String> properties) throws XMLStreamException {
        long failures = outcomes.stream().filter(o -> o.failing() && o.status().isVerdict()).count();
        long errors = outcomes.stream().filter(o -> o.failing() && !o.status().isVerdict()).count();
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", SUITE_NAME);
        xml.writeAttribute("tests", String.valueOf(outcomes.size()));
        xml.writeAttribute("failures", String.valueOf(failures));
        xml.writeAttribute("errors", String.valueOf(errors));
        // Nothing is skipped: an unchanged file passes, on the strength of its last passing check.
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(wallTime));
        xml.writeAttribute("timestamp", startedAt.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        xml.writeCharacters("\n  ");
        xml.writeStartElement("properties");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            xml.writeCharacters("\n    ");
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", clean(property.getKey()));
            xml.writeAttribute("value", clean(property.getValue()));
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        for (FileOutcome outcome : outcomes) {
            xml.writeCharacters("\n  ");
            testcase(xml, outcome);
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private static void testcase(XMLStreamWriter xml, FileOutcome outcome) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", clean(outcome.file().relativePath()));
        xml.writeAttribute("classname", clean(outcome.file().module()));
        xml.writeAttribute("time", seconds(outcome.elapsed()));
        List<String> findings = outcome.status() == FileOutcome.Status.UNCHANGED ? List.of(UNCHANGED)
                : ConsoleSummary.allFindings(outcome, true);
        if (outcome.failing()) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement(outcome.status().isVerdict() ? "failure" : "error");
            List<String> first = ConsoleSummary.findings(outcome, 1);
            String message = outcome.status() + (first.isEmpty() ? "" : ": " + first.get(0).lines().findFirst().orElse(""));
            xml.writeAttribute("message", clean(message));
            xml.writeAttribute("type", "lean." + outcome.status().name().toLowerCase(Locale.ROOT));
            xml.writeCharacters(clean(String.join("\n", findings)));
            xml.writeEndElement();
        }
        if (!findings.isEmpty()) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(String.join("\n", findings) + "\n"));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }

    /** Drops the characters XML 1.0 cannot hold (control characters other than tab and line ends, lone surrogates). */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (allowed) {
                out.appendCodePoint(cp);
            } else {
                out.append('\uFFFD');
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
