package io.leansandbox.engine.grading.eval;

import io.leansandbox.engine.grading.Verdict;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

/**
 * The results as a JUnit XML report (surefire's format, read by Jenkins and GitLab): one
 * {@code testsuite}, one {@code testcase} per candidate named {@code problem#attempt} with the
 * problem as its {@code classname}. A valid candidate passes; {@code infra_error} (the candidate
 * could not be graded) is an {@code error}; every other verdict, timeouts and memory included (the
 * candidate's proof did not check within the limits), is a {@code failure} whose message is the
 * verdict and whose text is the explanation and Lean's messages.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static void write(Collection<GradedCandidate> results, String suiteName, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long failures = results.stream().filter(r -> !r.isValid() && r.verdict() != Verdict.INFRA_ERROR).count();
        long errors = results.stream().filter(r -> r.verdict() == Verdict.INFRA_ERROR).count();
        long totalMs = results.stream().mapToLong(GradedCandidate::timeMs).sum();
        try (OutputStream stream = Files.newOutputStream(path)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suiteName);
            xml.writeAttribute("tests", String.valueOf(results.size()));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", String.valueOf(errors));
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", seconds(totalMs));
            xml.writeCharacters("\n");
            for (GradedCandidate r : results) {
                xml.writeCharacters("  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", clean(r.key().toString()));
                xml.writeAttribute("classname", clean(r.key().problem()));
                xml.writeAttribute("time", seconds(r.timeMs()));
                if (!r.isValid()) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement(r.verdict() == Verdict.INFRA_ERROR ? "error" : "failure");
                    xml.writeAttribute("type", r.verdict().wireName());
                    xml.writeAttribute("message", clean(r.verdict().wireName() + ": " + r.explanation()));
                    xml.writeCharacters(clean(body(r)));
                    xml.writeEndElement();
                    xml.writeCharacters("\n  ");
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static String body(GradedCandidate r) {
        StringBuilder text = new StringBuilder(r.explanation()).append('\n');
        r.diagnostics().forEach(d -> text.append(d).append('\n'));
        text.append("trust: ").append(r.trust().wireName()).append('\n');
        return text.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** Drops the characters XML 1.0 cannot hold (control characters other than tab and line ends). */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)).forEach(out::appendCodePoint);
        return out.toString();
    }
}
