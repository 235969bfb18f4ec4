package io.leansandbox.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

/** Discovery through each kind of selector; discovery reads files but runs nothing. */
class DiscoveryTest {

    private static final Path RESOURCES = Path.of("src/test/resources");

    private static EngineDiscoveryResults discover(org.junit.platform.engine.DiscoverySelector... selectors) {
        return EngineTestKit.engine(LeanTestEngine.ID).selectors(selectors).discover();
    }

    private static List<String> names(TestDescriptor root) {
        return root.getDescendants().stream().filter(TestDescriptor::isTest).map(DiscoveryTest::shortName).sorted().toList();
    }

    /** The declaration's own name: its unique id's last segment. */
    private static String shortName(TestDescriptor test) {
        return test.getUniqueId().getLastSegment().getValue();
    }

    @Test
    void aFileIsAContainerOfItsDeclarations() {
        TestDescriptor root = discover(selectFile(RESOURCES.resolve("lean/error/HaveBySorry.lean").toFile())).getEngineDescriptor();
        TestDescriptor file = root.getChildren().iterator().next();
        assertThat(file.isContainer()).isTrue();
        assertThat(file.getSource()).get().isInstanceOf(FileSource.class);
        TestDescriptor foo = file.getChildren().iterator().next();
        assertThat(foo.getDisplayName()).isEqualTo("src/test/resources/lean/error/HaveBySorry.lean › foo");
        assertThat(foo.isTest()).isTrue();
        FileSource source = (FileSource) foo.getSource().orElseThrow();
        assertThat(source.getFile().toPath()).isEqualTo(RESOURCES.resolve("lean/error/HaveBySorry.lean").toAbsolutePath());
        assertThat(source.getPosition()).contains(org.junit.platform.engine.support.descriptor.FilePosition.from(1));
    }

    @Test
    void aDirectoryGivesEveryLeanFileUnderIt() {
        TestDescriptor root = discover(selectDirectory(RESOURCES.resolve("lean").toFile())).getEngineDescriptor();
        assertThat(root.getChildren()).hasSize(4);
        assertThat(names(root)).contains("f", "thm1", "foo");
    }

    @Test
    void aClasspathResourceIsFoundWithAResourceSource() {
        TestDescriptor root = discover(selectClasspathResource("lean/sorry/Sorry.lean")).getEngineDescriptor();
        TestDescriptor file = root.getChildren().iterator().next();
        assertThat(file.getSource()).contains(ClasspathResourceSource.from("lean/sorry/Sorry.lean"));
        TestDescriptor thm1 = file.getChildren().iterator().next();
        assertThat(thm1.getSource()).contains(ClasspathResourceSource.from("lean/sorry/Sorry.lean",
                org.junit.platform.engine.support.descriptor.FilePosition.from(1)));
    }

    @Test
    void aPackageGivesItsLeanResources() {
        TestDescriptor root = discover(selectPackage("lean.error")).getEngineDescriptor();
        assertThat(root.getChildren()).extracting(TestDescriptor::getDisplayName)
                .containsExactlyInAnyOrder("lean/error/HaveBySorry.lean", "lean/error/Incomplete.lean");
    }

    @Test
    void aClasspathRootGivesAllItsLeanResources() {
        Path testClasses = Path.of("target/test-classes").toAbsolutePath();
        TestDescriptor root = discover(selectClasspathRoots(Set.of(testClasses)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .getEngineDescriptor();
        assertThat(root.getChildren()).hasSize(4);
    }

    @Test
    void aUniqueIdSelectsOneDeclarationToRerun() {
        Path file = RESOURCES.resolve("lean/accepted/Accepted.lean").toAbsolutePath();
        UniqueId id = UniqueId.forEngine(LeanTestEngine.ID).append(LeanFile.FILE, file.toString()).append("declaration", "f");
        TestDescriptor root = discover(selectUniqueId(id)).getEngineDescriptor();
        assertThat(root.getDescendants()).extracting(TestDescriptor::getUniqueId)
                .containsExactlyInAnyOrder(id.removeLastSegment(), id);
    }

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path;
    }

    private static EngineDiscoveryResults discover(Map<String, String> parameters, DiscoverySelector... selectors) {
        return EngineTestKit.engine(LeanTestEngine.ID).configurationParameters(parameters).selectors(selectors).discover();
    }

    private static List<TestDescriptor> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest).map(TestDescriptor.class::cast).toList();
    }

    @Test
    void twoFilesDeclaringTheSameNameGiveTestsOfDistinctNamesByDefault() throws IOException {
        Path a = file("A.lean", "def f := 1\n");
        Path b = file("sub/B.lean", "def f := 2\n");
        List<String> names = tests(discover(selectFile(a.toFile()), selectFile(b.toFile()))).stream()
                .map(TestDescriptor::getDisplayName).toList();
        assertThat(names).hasSize(2).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).endsWith(".lean › f"));
        assertThat(names).anySatisfy(n -> assertThat(n).endsWith("sub/B.lean › f"));
        assertThat(tests(discover(Map.of(LeanEngineConfiguration.NAMING_STRATEGY, "short"), selectFile(a.toFile()))))
                .extracting(TestDescriptor::getDisplayName).containsExactly("f");
    }

    @Test
    void testsComeInSourceOrderAndOnlyForTheKindsTheEngineGrades() throws IOException {
        Path path = file("Kinds.lean", """
                theorem zeta : True := trivial
                structure Point where
                  x : Nat
                inductive Color where
                  | red
                class Shape (α : Type) where
                  area : α → Nat
                abbrev N := Nat
                axiom ax : False
                instance : Inhabited Point := ⟨⟨0⟩⟩
                instance pointInhabited : Inhabited Color := ⟨.red⟩
                opaque secret : Nat
                example : True := trivial
                lemma alpha : True := trivial
                def middle := 1
                """);
        assertThat(tests(discover(selectFile(path.toFile())))).extracting(DiscoveryTest::shortName)
                .containsExactly("zeta", "N", "ax", "pointInhabited", "secret", "example@13", "alpha", "middle");
    }

    @Test
    void aNameFilterKeepsTheMatchingTestsAndTheFilesThatHaveOne() throws IOException {
        Path a = file("A.lean", "theorem thm1 : True := trivial\ntheorem thm2 : True := trivial\n");
        Path b = file("B.lean", "theorem other : True := trivial\n");
        EngineDiscoveryResults results = discover(Map.of(LeanEngineConfiguration.FILTER_NAME, "^thm1$"),
                selectFile(a.toFile()), selectFile(b.toFile()));
        assertThat(tests(results)).extracting(DiscoveryTest::shortName).containsExactly("thm1");
        assertThat(results.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                .singleElement().satisfies(n -> assertThat(n).endsWith("A.lean"));
    }

    @Test
    void aLinePositionSelectsTheDeclarationAtThatLine() throws IOException {
        Path path = file("Lines.lean", "theorem one : True := by\n  trivial\n\ntheorem two : True := by\n  trivial\n");
        assertThat(tests(discover(selectFile(path.toFile(), FilePosition.from(5))))).extracting(DiscoveryTest::shortName)
                .containsExactly("two");
        assertThat(tests(discover(selectFile(path.toFile(), FilePosition.from(1))))).extracting(DiscoveryTest::shortName)
                .containsExactly("one");
        assertThat(tests(discover(selectClasspathResource("lean/accepted/Accepted.lean", FilePosition.from(1)))))
                .extracting(DiscoveryTest::shortName).containsExactly("f");
    }

    @Test
    void aBadParameterIsOneDiscoveryIssueNamingItAndNothingIsDiscovered() throws IOException {
        Path path = file("A.lean", "def f := 1\n");
        for (Map.Entry<String, String> bad : Map.of(
                LeanEngineConfiguration.SORRY, "maybe",
                LeanEngineConfiguration.TIMEOUT, "-1",
                LeanEngineConfiguration.PARALLELISM, "lots",
                LeanEngineConfiguration.NAMING_STRATEGY, "medium",
                LeanEngineConfiguration.FILTER_NAME, "thm(",
                LeanEngineConfiguration.BACKEND, "podman").entrySet()) {
            EngineDiscoveryResults results = discover(Map.of(bad.getKey(), bad.getValue()), selectFile(path.toFile()));
            assertThat(results.getDiscoveryIssues()).as(bad.getKey()).singleElement().satisfies(issue -> {
                assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
                assertThat(issue.message()).contains(bad.getKey()).contains(bad.getValue());
            });
            assertThat(results.getEngineDescriptor().getChildren()).as(bad.getKey()).isEmpty();
        }
    }

    @Test
    void aRootThatIsNotADirectoryIsAWarning() {
        EngineDiscoveryResults results = discover(Map.of(LeanEngineConfiguration.ROOTS, dir.resolve("missing").toString()));
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).contains(LeanEngineConfiguration.ROOTS).contains("missing");
        });
    }

    @Test
    void otherFilesAreIgnored() {
        assertThat(discover(selectFile(RESOURCES.resolve("lean/README.md").toFile())).getEngineDescriptor().getChildren()).isEmpty();
    }
}
