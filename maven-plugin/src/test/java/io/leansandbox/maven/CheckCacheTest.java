package io.leansandbox.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCacheTest {

    @TempDir
    Path target;

    private final List<String> problems = new ArrayList<>();

    private Path file() {
        return target.resolve("lean-sandbox-cache.json");
    }

    @Test
    void noFileIsAnEmptyCacheWithoutComplaint() {
        CheckCache cache = CheckCache.load(file(), problems::add);
        assertThat(cache.size()).isZero();
        assertThat(problems).isEmpty();
    }

    @Test
    void aPassSurvivesSaveAndLoad() throws Exception {
        CheckCache cache = CheckCache.empty();
        cache.passed("src/main/lean/A.lean", "aaa", "key1");
        cache.save(target.resolve("sub/cache.json"));
        CheckCache loaded = CheckCache.load(target.resolve("sub/cache.json"), problems::add);
        assertThat(loaded.isUnchanged("src/main/lean/A.lean", "aaa", "key1")).isTrue();
        assertThat(problems).isEmpty();
        assertThat(Files.list(target.resolve("sub"))).hasSize(1).as("no partial file left behind");
    }

    @Test
    void changedContentOrKeyOrPathMeansChanged() {
        CheckCache cache = CheckCache.empty();
        cache.passed("A.lean", "aaa", "key1");
        assertThat(cache.isUnchanged("A.lean", "aaa", "key1")).isTrue();
        assertThat(cache.isUnchanged("A.lean", "bbb", "key1")).isFalse();
        assertThat(cache.isUnchanged("A.lean", "aaa", "key2")).isFalse();
        assertThat(cache.isUnchanged("B.lean", "aaa", "key1")).isFalse();
    }

    @Test
    void forgettingMakesAFileBeCheckedAgain() {
        CheckCache cache = CheckCache.empty();
        cache.passed("A.lean", "aaa", "key1");
        cache.forget("A.lean");
        assertThat(cache.isUnchanged("A.lean", "aaa", "key1")).isFalse();
    }

    @Test
    void aCorruptFileIsReportedAndIgnored() throws Exception {
        Files.writeString(file(), "{not json");
        CheckCache cache = CheckCache.load(file(), problems::add);
        assertThat(cache.size()).isZero();
        assertThat(problems).singleElement().asString().contains("cannot read the cache").contains("every file is checked");
    }

    @Test
    void anotherFormatIsReportedAndIgnored() throws Exception {
        Files.writeString(file(), "{\"format\": 99, \"files\": {\"A.lean\": {\"sha256\": \"a\", \"key\": \"k\"}}}");
        CheckCache cache = CheckCache.load(file(), problems::add);
        assertThat(cache.size()).isZero();
        assertThat(problems).singleElement().asString().contains("not in this plugin's format");
    }

    @Test
    void sha256IsTheUsualHexDigest() {
        assertThat(CheckCache.sha256("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
