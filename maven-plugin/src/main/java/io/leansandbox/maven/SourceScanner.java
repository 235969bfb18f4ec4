package io.leansandbox.maven;

import org.apache.maven.plugin.MojoExecutionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the .lean files to check: every regular file under the source directories that an include
 * pattern matches and no exclude pattern does, each once, in path order.
 */
final class SourceScanner {

    static final List<String> DEFAULT_DIRECTORIES = List.of("src/main/lean", "src/test/lean");
    /** The project's test tree, which -DskipTests and -Dmaven.test.skip=true leave unchecked. */
    static final Path TEST_TREE = Path.of("src", "test");
    static final List<String> DEFAULT_INCLUDES = List.of("**/*.lean");

    private final Path basedir;
    private final List<AntPattern> includes;
    private final List<AntPattern> excludes;

    private SourceScanner(Path basedir, List<AntPattern> includes, List<AntPattern> excludes) {
        this.basedir = basedir;
        this.includes = includes;
        this.excludes = excludes;
    }

    /**
     * A scanner for the project at {@code basedir}; fails with the reason when an include pattern
     * cannot select a .lean file.
     */
    static SourceScanner of(Path basedir, List<String> includes, List<String> excludes) throws MojoExecutionException {
        List<AntPattern> in = new ArrayList<>();
        for (String include : includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : includes) {
            if (include == null || include.isBlank()) {
                throw new MojoExecutionException("<includes> has an empty entry: give a pattern such as **/*.lean");
            }
            if (!include.strip().endsWith(".lean")) {
                throw new MojoExecutionException("The include '" + include + "' does not select .lean files: lean-sandbox:check"
                        + " checks Lean source only, so every include must end in .lean (for example **/*.lean or"
                        + " Proofs/**/*.lean). Fix <includes> in the plugin's configuration.");
            }
            in.add(AntPattern.compile(include));
        }
        List<AntPattern> out = new ArrayList<>();
        for (String exclude : excludes == null ? List.<String>of() : excludes) {
            if (exclude != null && !exclude.isBlank()) {
                out.add(AntPattern.compile(exclude));
            }
        }
        return new SourceScanner(basedir.toAbsolutePath().normalize(), in, out);
    }

    /**
     * The files under {@code directories}, split at {@code skippedTree} (relative to the base
     * directory; empty: nothing is skipped): the files to check, and those under the skipped tree.
     * A directory inside the skipped tree may be missing even when configured, since none of its
     * files would be checked; the others are found as {@link #scan(List, boolean)} finds them.
     */
    Found scan(List<Path> directories, boolean configured, Optional<Path> skippedTree) throws MojoExecutionException {
        if (skippedTree.isEmpty()) {
            return new Found(scan(directories, configured), List.of());
        }
        Path tree = basedir.resolve(skippedTree.get()).normalize();
        List<Path> inTree = directories.stream().filter(d -> basedir.resolve(d).normalize().startsWith(tree)).toList();
        List<Path> outside = directories.stream().filter(d -> !inTree.contains(d)).toList();
        List<LeanFile> files = new ArrayList<>();
        Map<Path, LeanFile> skipped = new LinkedHashMap<>();
        for (LeanFile file : scan(outside, configured)) {
            if (file.path().startsWith(tree)) {
                skipped.put(file.path(), file);
            } else {
                files.add(file);
            }
        }
        for (LeanFile file : scan(inTree, false)) {
            skipped.putIfAbsent(file.path(), file);
        }
        return new Found(files, skipped.values().stream().sorted(Comparator.comparing(LeanFile::relativePath)).toList());
    }

    /**
     * What a scan found.
     *
     * @param files   the files to check, in path order
     * @param skipped the files under the skipped tree, in path order
     */
    record Found(List<LeanFile> files, List<LeanFile> skipped) {
    }

    /**
     * The files under {@code directories} (relative ones are resolved against the base directory).
     * A directory that does not exist is skipped when {@code configured} is false (the defaults), and
     * is an error naming it when the user configured the list.
     */
    List<LeanFile> scan(List<Path> directories, boolean configured) throws MojoExecutionException {
        Map<Path, LeanFile> found = new LinkedHashMap<>();
        for (Path directory : directories) {
            Path dir = basedir.resolve(directory).normalize();
            if (!Files.exists(dir)) {
                if (configured) {
                    throw new MojoExecutionException("The source directory " + dir + " does not exist. Create it, or fix"
                            + " <sourceDirectories> in the plugin's configuration (default: "
                            + String.join(" and ", DEFAULT_DIRECTORIES) + ").");
                }
                continue;
            }
            if (!Files.isDirectory(dir)) {
                throw new MojoExecutionException("The source directory " + dir + " is a file, not a directory. List"
                        + " directories in <sourceDirectories> and select files with <includes>.");
            }
            for (Path file : walk(dir)) {
                String relative = LeanFile.slashes(dir.relativize(file));
                if (includes.stream().anyMatch(p -> p.matches(relative)) && excludes.stream().noneMatch(p -> p.matches(relative))) {
                    found.putIfAbsent(file, LeanFile.of(basedir, dir, file));
                }
            }
        }
        return found.values().stream().sorted(Comparator.comparing(LeanFile::relativePath)).toList();
    }

    private static List<Path> walk(Path dir) throws MojoExecutionException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(Path::normalize).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("Cannot list the files under " + dir + ": " + e.getMessage(), e);
        }
    }
}
