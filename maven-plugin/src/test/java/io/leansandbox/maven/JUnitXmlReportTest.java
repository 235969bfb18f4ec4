package io.leansandbox.maven;

import io.leansandbox.engine.result.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static io.leansandbox.maven.Outcomes.diagnostic;
import static io.leansandbox.maven.Outcomes.erroneous;
import static io.leansandbox.maven.Outcomes.judged;
import static io.leansandbox.maven.Outcomes.unsolvedGoals;
import static io.leansandbox.maven.Outcomes.usesSorry;
import static org.assertj.core.api.Assertions.assertThat;

class JUnitXmlReportTest {

    @TempDir
    Path reports;

    private Element write(List<FileOutcome> outcomes) throws Exception {
        Path file = JUnitXmlReport.fileFor(reports, "default-cli");
        JUnitXmlReport.write(file, outcomes, Duration.ofMillis(1500), LocalDateTime.of(2026, 11, 26, 10, 0, 0, 123),
                Map.of("lean-sandbox.image", "lean-sandbox/standin:latest"));
        assertThat(Files.list(reports)).containsExactly(file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    private static Element testcase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    private static Element child(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    @Test
    void fileNameFollowsSurefiresPatternPerExecution() {
        assertThat(JUnitXmlReport.fileFor(reports, "default-cli").getFileName().toString()).isEqualTo("TEST-lean-sandbox-default-cli.xml");
        assertThat(JUnitXmlReport.fileFor(reports, "a/b c").getFileName().toString()).isEqualTo("TEST-lean-sandbox-a_b_c.xml");
        assertThat(JUnitXmlReport.fileFor(reports, null).getFileName().toString()).isEqualTo("TEST-lean-sandbox-default.xml");
    }

    @Test
    void oneSuiteWithATestcasePerFileAndSurefiresCounts() throws Exception {
        Element suite = write(List.of(
                judged("A.lean", Outcomes.valid()),
                judged("Foo/B.lean", unsolvedGoals()),
                judged("C.lean", Outcomes.timedOut()),
                FileOutcome.unchanged(Outcomes.file("D.lean")),
                judged("E.lean", Outcomes.unverified())));
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("lean-sandbox");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).as("the unchanged file passed").isEqualTo("0");
        assertThat(suite.getAttribute("time")).isEqualTo("1.500");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-11-26T10:00:00");
        assertThat(((Element) suite.getElementsByTagName("property").item(0)).getAttribute("value")).isEqualTo("lean-sandbox/standin:latest");

        Element passed = testcase(suite, "src/main/lean/A.lean");
        assertThat(passed.getAttribute("classname")).isEqualTo("A");
        assertThat(passed.getAttribute("time")).isEqualTo("0.412");
        assertThat(passed.getChildNodes().getLength()).isEqualTo(1).as("only whitespace");

        Element failed = testcase(suite, "src/main/lean/Foo/B.lean");
        assertThat(failed.getAttribute("classname")).isEqualTo("Foo.B");
        Element failure = child(failed, "failure");
        assertThat(failure.getAttribute("type")).isEqualTo("lean.error");
        assertThat(failure.getAttribute("message")).isEqualTo("ERROR: /work/project/src/main/lean/Foo/B.lean:1:15: error: unsolved goals");
        assertThat(failure.getTextContent()).isEqualTo("/work/project/src/main/lean/Foo/B.lean:1:15: error: unsolved goals\n    ⊢ Nat");

        Element timedOut = child(testcase(suite, "src/main/lean/C.lean"), "error");
        assertThat(timedOut.getAttribute("type")).isEqualTo("lean.timeout");

        Element unchanged = testcase(suite, "src/main/lean/D.lean");
        assertThat(child(unchanged, "skipped")).isNull();
        assertThat(child(unchanged, "failure")).isNull();
        assertThat(child(unchanged, "error")).isNull();
        assertThat(unchanged.getAttribute("time")).isEqualTo("0.000");
        assertThat(child(unchanged, "system-out").getTextContent())
                .isEqualTo("passed, not checked again: unchanged since its last passing check with the same toolchain and settings"
                        + " (lean-sandbox cache; -Dlean-sandbox.incremental=false checks it)\n");

        Element unverified = child(testcase(suite, "src/main/lean/E.lean"), "failure");
        assertThat(unverified.getAttribute("type")).isEqualTo("lean.unverified");
        assertThat(unverified.getAttribute("message"))
                .isEqualTo("UNVERIFIED: /work/project/src/main/lean/E.lean: error: t is unverified: Lean did not report the axioms of t");
    }

    @Test
    void findingsThatDoNotFailAreInSystemOut() throws Exception {
        FileOutcome tolerated = FileChecker.judge(Outcomes.file("S.lean"), usesSorry(), Duration.ZERO,
                new FailurePolicy(true, false, false), Duration.ofSeconds(30));
        Element suite = write(List.of(tolerated));
        Element testcase = testcase(suite, "src/main/lean/S.lean");
        assertThat(child(testcase, "failure")).isNull();
        assertThat(child(testcase, "system-out").getTextContent()).contains("S.lean:1:24: warning: sorry\n    ⊢ 1 = 1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
    }

    @Test
    void textXmlCannotHoldIsReplacedAndMarkupIsEscaped() throws Exception {
        FileOutcome odd = judged("A.lean", erroneous(diagnostic(Severity.ERROR, 1, 0, "expected '<' & \"]]>\" here \u0001 \uD800 end")));
        Element suite = write(List.of(odd));
        String text = child(testcase(suite, "src/main/lean/A.lean"), "failure").getTextContent();
        assertThat(text).contains("expected '<' & \"]]>\" here \uFFFD \uFFFD end");
    }

    @Test
    void rewritingReplacesTheOldReport() throws Exception {
        write(List.of(judged("A.lean", unsolvedGoals())));
        Element suite = write(List.of(judged("A.lean", Outcomes.valid())));
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
    }
}
