package io.leansandbox.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files that passed their last check, by path: each with the SHA-256 of its content and the
 * {@link CacheKey} of the toolchain and settings it passed with. A file whose content and key are
 * both unchanged is not checked again. Only passes are remembered; a file that fails, or whose check
 * reached no verdict, is forgotten.
 *
 * <p>Kept as JSON under {@code target/}, so {@code mvn clean} forgets everything. A file that cannot
 * be read is treated as empty (everything is checked) and rewritten.
 */
final class CheckCache {

    static final int FORMAT = 1;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Entry> entries = new TreeMap<>();

    /** One remembered pass. */
    record Entry(String sha256, String key) {
    }

    private CheckCache() {
    }

    static CheckCache empty() {
        return new CheckCache();
    }

    /**
     * The cache in {@code file}; empty when there is none. When the file exists but cannot be used,
     * {@code problem} receives why (the caller logs it) and the cache is empty.
     */
    static CheckCache load(Path file, java.util.function.Consumer<String> problem) {
        CheckCache cache = new CheckCache();
        JsonNode root;
        try {
            root = cache.json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return cache;
        } catch (IOException e) {
            problem.accept("cannot read the cache " + file + " (" + firstLine(e) + "): every file is checked");
            return cache;
        }
        if (root == null || !root.isObject() || root.path("format").asInt() != FORMAT || !root.path("files").isObject()) {
            problem.accept("the cache " + file + " is not in this plugin's format: every file is checked");
            return cache;
        }
        for (Map.Entry<String, JsonNode> e : root.get("files").properties()) {
            String sha = e.getValue().path("sha256").asText("");
            String key = e.getValue().path("key").asText("");
            if (!sha.isEmpty() && !key.isEmpty()) {
                cache.entries.put(e.getKey(), new Entry(sha, key));
            }
        }
        return cache;
    }

    private static String firstLine(IOException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    /** Whether {@code path} passed its last check with this content and this key. */
    boolean isUnchanged(String path, String sha256, String key) {
        Entry entry = entries.get(path);
        return entry != null && entry.sha256().equals(sha256) && entry.key().equals(key);
    }

    /** Remembers that {@code path} passed with this content and key. */
    void passed(String path, String sha256, String key) {
        entries.put(path, new Entry(sha256, key));
    }

    /** Forgets {@code path}: it is checked next time. */
    void forget(String path) {
        entries.remove(path);
    }

    Optional<Entry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    int size() {
        return entries.size();
    }

    /** Writes the cache (to a temporary file first, so an interrupted build leaves the old one whole). */
    void save(Path file) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode files = root.putObject("files");
        entries.forEach((path, entry) -> files.putObject(path).put("sha256", entry.sha256()).put("key", entry.key()));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(file.getFileName() + ".partial");
        try {
            Files.write(partial, json.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IOException(e.getMessage(), e);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The SHA-256 of {@code bytes}, in hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
