package io.leansandbox.maven;

import java.nio.file.Path;

/**
 * A .lean file found in a source directory.
 *
 * @param path         where it is
 * @param relativePath its path relative to the project's base directory, with {@code /}: how the
 *                     summary, the report and the cache name it
 * @param module       its Lean module name, from its path inside its source directory
 *                     ({@code Foo/Bar.lean} is {@code Foo.Bar})
 */
record LeanFile(Path path, String relativePath, String module) {

    /** The file {@code path}, found in {@code sourceDirectory} of the project at {@code basedir}. */
    static LeanFile of(Path basedir, Path sourceDirectory, Path path) {
        return new LeanFile(path, slashes(relativeOrAbsolute(basedir, path)), moduleName(sourceDirectory.relativize(path)));
    }

    private static Path relativeOrAbsolute(Path basedir, Path path) {
        return path.startsWith(basedir) ? basedir.relativize(path) : path;
    }

    static String slashes(Path path) {
        return path.toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static String moduleName(Path inSourceDirectory) {
        String name = slashes(inSourceDirectory);
        if (name.endsWith(".lean")) {
            name = name.substring(0, name.length() - ".lean".length());
        }
        return name.replace('/', '.');
    }
}
