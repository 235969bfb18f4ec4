package io.leansandbox.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/lean-path-farm.sh, the step of docker/Dockerfile.mathlib that turns Lake's LEAN_PATH into the
 * one directory the image's LEAN_PATH names, run on fake package directories (the Mathlib image cannot
 * be built here). What matters most: a name two packages both provide stops the build.
 */
class LeanPathFarmScriptTest {

    /** The module's directory is the working directory of Maven's test run. */
    private static final Path SCRIPT = Path.of("..", "docker", "lean-path-farm.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    private Run farm(Path farm, Path sysroot, String leanPath) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", SCRIPT.toString(), farm.toString(), sysroot.toString(), leanPath)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Path library(String name, String... entries) throws IOException {
        Path lib = Files.createDirectories(dir.resolve(name).resolve(".lake/build/lib/lean"));
        for (String entry : entries) {
            if (entry.endsWith("/")) {
                Files.createDirectories(lib.resolve(entry));
            } else {
                Files.writeString(lib.resolve(entry), entry);
            }
        }
        return lib;
    }

    @Test
    void linksEveryPackagesTopLevelEntriesButNotTheToolchainsOwn() throws Exception {
        Path sysroot = Files.createDirectories(dir.resolve("toolchain"));
        Path core = Files.createDirectories(sysroot.resolve("lib/lean/Init"));
        Path mathlib = library("mathlib", "Mathlib.olean", "Mathlib/");
        Path batteries = library("batteries", "Batteries.olean", "Batteries/");
        Path spaced = library("with space", "Aesop.olean");
        Path root = dir.resolve("project/.lake/build/lib/lean"); // Lake lists it; nothing built there
        Path farm = dir.resolve("farm");
        Run run = farm(farm, sysroot, String.join(":", core.getParent().toString(), mathlib.toString(), "",
                batteries.toString(), root.toString(), spaced.toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        try (var entries = Files.list(farm)) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("Aesop.olean", "Batteries", "Batteries.olean", "Mathlib", "Mathlib.olean");
        }
        assertThat(Files.readSymbolicLink(farm.resolve("Mathlib.olean"))).isEqualTo(mathlib.resolve("Mathlib.olean"));
        assertThat(Files.isDirectory(farm.resolve("Batteries"))).isTrue();
        assertThat(Files.readString(farm.resolve("Aesop.olean"))).isEqualTo("Aesop.olean");
    }

    @Test
    void aNameTwoPackagesProvideStopsTheBuildNamingBoth() throws Exception {
        Path first = library("first", "Mathlib.olean");
        Path second = library("second", "Mathlib.olean");
        Run run = farm(dir.resolve("farm"), dir.resolve("toolchain"), first + ":" + second);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Mathlib.olean of " + second, "clashes", first.resolve("Mathlib.olean").toString());
        assertThat(Files.readSymbolicLink(dir.resolve("farm/Mathlib.olean"))).as("the first link stays, never replaced")
                .isEqualTo(first.resolve("Mathlib.olean"));
    }

    @Test
    void aFarmThatIsNotEmptyOrMissingArgumentsAreRefused() throws Exception {
        Path farm = Files.createDirectories(dir.resolve("farm"));
        Files.writeString(farm.resolve("left-over"), "");
        Run run = farm(farm, dir.resolve("toolchain"), library("a", "A.olean").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("not empty");
        Process usage = new ProcessBuilder(List.of("sh", SCRIPT.toString())).redirectErrorStream(true).start();
        assertThat(usage.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(usage.exitValue()).isEqualTo(2);
    }
}
