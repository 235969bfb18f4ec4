package io.leansandbox.maven;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AntPatternTest {

    @Test
    void doubleStarSlashAlsoMatchesTheTopDirectory() {
        AntPattern all = AntPattern.compile("**/*.lean");
        assertThat(all.matches("A.lean")).isTrue();
        assertThat(all.matches("Foo/Bar/A.lean")).isTrue();
        assertThat(all.matches("A.leanx")).isFalse();
        assertThat(all.matches("notes.txt")).isFalse();
    }

    @Test
    void singleStarStaysInOneDirectory() {
        AntPattern top = AntPattern.compile("*.lean");
        assertThat(top.matches("A.lean")).isTrue();
        assertThat(top.matches("Foo/A.lean")).isFalse();
        assertThat(AntPattern.compile("Foo/*.lean").matches("Foo/A.lean")).isTrue();
        assertThat(AntPattern.compile("Foo/*.lean").matches("Foo/Bar/A.lean")).isFalse();
    }

    @Test
    void doubleStarInTheMiddleSpansAnyDepth() {
        AntPattern proofs = AntPattern.compile("Proofs/**/*.lean");
        assertThat(proofs.matches("Proofs/A.lean")).isTrue();
        assertThat(proofs.matches("Proofs/x/y/A.lean")).isTrue();
        assertThat(proofs.matches("Other/A.lean")).isFalse();
    }

    @Test
    void aTrailingSlashMeansEverythingBelow() {
        AntPattern scratch = AntPattern.compile("scratch/");
        assertThat(scratch.matches("scratch/A.lean")).isTrue();
        assertThat(scratch.matches("scratch/deep/A.lean")).isTrue();
        assertThat(scratch.matches("scratchy/A.lean")).isFalse();
    }

    @Test
    void questionMarkIsOneCharacterAndDotsAreLiteral() {
        AntPattern p = AntPattern.compile("A?.lean");
        assertThat(p.matches("A1.lean")).isTrue();
        assertThat(p.matches("A12.lean")).isFalse();
        assertThat(AntPattern.compile("*.lean").matches("Axlean")).isFalse();
    }

    @Test
    void backslashesAndLeadingDotSlashAreNormalised() {
        assertThat(AntPattern.compile("Foo\\*.lean").matches("Foo/A.lean")).isTrue();
        assertThat(AntPattern.compile("./Foo/A.lean").matches("Foo/A.lean")).isTrue();
    }
}
