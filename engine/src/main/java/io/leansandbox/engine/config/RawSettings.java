package io.leansandbox.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Setting values as text, keyed {@code section.key} (e.g. {@code docker.pool_size}), each with
 * where it came from; reads them typed and remembers which were read, so that any key left over
 * is reported as unknown.
 */
final class RawSettings {

    /** A String, or a List of them (a YAML sequence: its items may hold commas). */
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    void put(String key, String value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    void putList(String key, List<String> items, String origin) {
        values.put(key, List.copyOf(items));
        origins.put(key, origin);
    }

    /** Whether {@code key} was given at all (a file or a variable), whatever its value. */
    boolean has(String key) {
        return values.containsKey(key);
    }

    String text(String key, String fallback) {
        return get(key, Function.identity(), fallback);
    }

    int integer(String key, int fallback) {
        return get(key, v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
        }, fallback);
    }

    long bytes(String key, long fallback) {
        return get(key, ByteSize::parse, fallback);
    }

    /** A size that must fit an int (under 2 GiB), refused rather than cut when it does not. */
    int intBytes(String key, int fallback) {
        return get(key, v -> {
            long bytes = ByteSize.parse(v);
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("at most " + ByteSize.format(Integer.MAX_VALUE) + " (2 GiB less one byte)");
            }
            return (int) bytes;
        }, fallback);
    }

    double decimal(String key, double fallback) {
        return get(key, Double::parseDouble, fallback);
    }

    boolean bool(String key, boolean fallback) {
        return get(key, RawSettings::parseBoolean, fallback);
    }

    Duration seconds(String key, Duration fallback) {
        return get(key, v -> Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)), fallback);
    }

    /** A path; empty means {@code fallback}. Relative paths are taken from the current directory. */
    Path path(String key, Path fallback) {
        return get(key, v -> v.isEmpty() ? fallback : Path.of(v).toAbsolutePath().normalize(), fallback);
    }

    /** A YAML sequence as it is; text (a variable) split at commas. */
    List<String> list(String key, List<String> fallback) {
        read.add(key);
        if (values.get(key) instanceof List<?> items) {
            return items.stream().map(Object::toString).toList();
        }
        return get(key, v -> v.isBlank() ? List.<String>of() : Arrays.stream(v.split(",")).map(String::strip).toList(), fallback);
    }

    /** Throws for the first key nobody read. */
    void rejectUnknown() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw new SettingsException("unknown setting " + key + " (from " + origins.get(key) + ")");
            }
        }
    }

    private <T> T get(String key, Function<String, T> parse, T fallback) {
        read.add(key);
        Object raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        if (!(raw instanceof String value)) {
            throw new SettingsException("bad value " + raw + " for " + key + " (from " + origins.get(key) + "): expected one value, not a list");
        }
        try {
            return parse.apply(value.strip());
        } catch (RuntimeException e) {
            throw new SettingsException("bad value '" + value + "' for " + key + " (from " + origins.get(key) + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
