package io.leansandbox.junit;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.nio.file.Path;
import java.util.List;
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
        return root.getDescendants().stream().map(TestDescriptor::getDisplayName).sorted().toList();
    }

    @Test
    void aFileIsAContainerOfItsDeclarations() {
        TestDescriptor root = discover(selectFile(RESOURCES.resolve("lean/error/HaveBySorry.lean").toFile())).getEngineDescriptor();
        TestDescriptor file = root.getChildren().iterator().next();
        assertThat(file.isContainer()).isTrue();
        assertThat(file.getSource()).get().isInstanceOf(FileSource.class);
        TestDescriptor foo = file.getChildren().iterator().next();
        assertThat(foo.getDisplayName()).isEqualTo("foo");
        assertThat(foo.isTest()).isTrue();
        FileSource source = (FileSource) foo.getSource().orElseThrow();
        assertThat(source.getFile().toPath()).isEqualTo(RESOURCES.resolve("lean/error/HaveBySorry.lean").toAbsolutePath());
        assertThat(source.getPosition()).contains(FilePosition.from(1));
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
        assertThat(thm1.getSource()).contains(ClasspathResourceSource.from("lean/sorry/Sorry.lean", FilePosition.from(1)));
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

    @Test
    void otherFilesAreIgnored() {
        assertThat(discover(selectFile(RESOURCES.resolve("lean/README.md").toFile())).getEngineDescriptor().getChildren()).isEmpty();
    }
}
