package io.leansandbox.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceScannerTest {

    @TempDir
    Path project;

    private void touch(String path) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "def f := 37");
    }

    private static List<Path> defaults() {
        return SourceScanner.DEFAULT_DIRECTORIES.stream().map(Path::of).toList();
    }

    @Test
    void findsLeanFilesInBothDefaultDirectoriesInPathOrder() throws Exception {
        touch("src/test/lean/T.lean");
        touch("src/main/lean/Foo/Bar.lean");
        touch("src/main/lean/A.lean");
        touch("src/main/lean/README.md");
        List<LeanFile> files = SourceScanner.of(project, null, null).scan(defaults(), false);
        assertThat(files).extracting(LeanFile::relativePath)
                .containsExactly("src/main/lean/A.lean", "src/main/lean/Foo/Bar.lean", "src/test/lean/T.lean");
        assertThat(files).extracting(LeanFile::module).containsExactly("A", "Foo.Bar", "T");
        assertThat(files.get(0).path()).isEqualTo(project.resolve("src/main/lean/A.lean").toAbsolutePath().normalize());
    }

    @Test
    void missingDefaultDirectoriesAreSkipped() throws Exception {
        assertThat(SourceScanner.of(project, null, null).scan(defaults(), false)).isEmpty();
    }

    @Test
    void aConfiguredDirectoryThatDoesNotExistIsAnErrorNamingIt() {
        assertThatThrownBy(() -> SourceScanner.of(project, null, null).scan(List.of(Path.of("lean")), true))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("The source directory " + project.resolve("lean").toAbsolutePath().normalize() + " does not exist")
                .hasMessageContaining("<sourceDirectories>");
    }

    @Test
    void aConfiguredFileInsteadOfADirectoryIsAnError() throws Exception {
        touch("A.lean");
        assertThatThrownBy(() -> SourceScanner.of(project, null, null).scan(List.of(Path.of("A.lean")), true))
                .hasMessageContaining("is a file, not a directory");
    }

    @Test
    void includesAndExcludesAreRelativeToTheSourceDirectory() throws Exception {
        touch("src/main/lean/Proofs/A.lean");
        touch("src/main/lean/Proofs/Scratch/B.lean");
        touch("src/main/lean/Other.lean");
        List<LeanFile> files = SourceScanner.of(project, List.of("Proofs/**/*.lean"), List.of("**/Scratch/**"))
                .scan(defaults(), false);
        assertThat(files).extracting(LeanFile::relativePath).containsExactly("src/main/lean/Proofs/A.lean");
    }

    @Test
    void anIncludeThatCannotSelectLeanFilesIsRefused() {
        assertThatThrownBy(() -> SourceScanner.of(project, List.of("**/*.txt"), null))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("The include '**/*.txt' does not select .lean files");
        assertThatThrownBy(() -> SourceScanner.of(project, List.of("**/*"), null))
                .hasMessageContaining("every include must end in .lean");
    }

    @Test
    void overlappingDirectoriesListEachFileOnce() throws Exception {
        touch("lean/Sub/A.lean");
        List<LeanFile> files = SourceScanner.of(project, null, null).scan(List.of(Path.of("lean"), Path.of("lean/Sub")), true);
        assertThat(files).hasSize(1);
    }

    @Test
    void anAbsoluteDirectoryOutsideTheProjectKeepsAbsolutePaths(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("X.lean"), "def f := 37");
        List<LeanFile> files = SourceScanner.of(project, null, null).scan(List.of(elsewhere), true);
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.relativePath()).isEqualTo(LeanFile.slashes(elsewhere.resolve("X.lean").toAbsolutePath().normalize()));
            assertThat(f.module()).isEqualTo("X");
        });
    }

    @Test
    void theSkippedTestTreeKeepsItsFilesApartFromTheOnesToCheck() throws Exception {
        touch("src/main/lean/A.lean");
        touch("src/test/lean/T.lean");
        SourceScanner.Found found = SourceScanner.of(project, null, null).scan(defaults(), false, Optional.of(SourceScanner.TEST_TREE));
        assertThat(found.files()).extracting(LeanFile::relativePath).containsExactly("src/main/lean/A.lean");
        assertThat(found.skipped()).extracting(LeanFile::relativePath).containsExactly("src/test/lean/T.lean");

        SourceScanner.Found all = SourceScanner.of(project, null, null).scan(defaults(), false, Optional.empty());
        assertThat(all.files()).extracting(LeanFile::relativePath).containsExactly("src/main/lean/A.lean", "src/test/lean/T.lean");
        assertThat(all.skipped()).isEmpty();
    }

    @Test
    void aConfiguredDirectoryUnderTheTestTreeIsSkippedAndMayBeMissing() throws Exception {
        touch("proofs/A.lean");
        touch("src/test/lean-more/U.lean");
        List<Path> configured = List.of(Path.of("proofs"), Path.of("src/test/lean-more"), Path.of("src/test/missing"));
        SourceScanner.Found found = SourceScanner.of(project, null, null).scan(configured, true, Optional.of(SourceScanner.TEST_TREE));
        assertThat(found.files()).extracting(LeanFile::relativePath).containsExactly("proofs/A.lean");
        assertThat(found.skipped()).extracting(LeanFile::relativePath).containsExactly("src/test/lean-more/U.lean");
        assertThatThrownBy(() -> SourceScanner.of(project, null, null).scan(configured, true, Optional.empty()))
                .as("checked, the missing directory is an error again").hasMessageContaining("does not exist");
    }

    @Test
    void testFilesFoundThroughAParentDirectoryAreSkippedToo() throws Exception {
        touch("src/main/lean/A.lean");
        touch("src/test/lean/T.lean");
        SourceScanner.Found found = SourceScanner.of(project, null, null)
                .scan(List.of(Path.of("src"), Path.of("src/test/lean")), true, Optional.of(SourceScanner.TEST_TREE));
        assertThat(found.files()).extracting(LeanFile::relativePath).containsExactly("src/main/lean/A.lean");
        assertThat(found.skipped()).as("once, though two directories hold it").extracting(LeanFile::relativePath)
                .containsExactly("src/test/lean/T.lean");
    }
}
