package io.leansandbox.junit;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsLoader;
import org.junit.platform.engine.ConfigurationParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's configuration parameters (junit-platform.properties, Surefire's
 * configurationParameters, {@code @ConfigurationParameter}); anything not given comes from the
 * engine's own settings (the YAML file and LEAN_DOCKER_MCP_* variables, see the README).
 *
 * @param settings    the sandbox engine's settings, with backend, image and timeout applied
 * @param sorry       lean-sandbox.sorry: fail (default), abort or pass
 * @param warnings    lean-sandbox.warnings: pass (default) or fail
 * @param parallelism lean-sandbox.parallelism: files checked at once (default: available processors)
 * @param roots       lean-sandbox.roots: directories always searched for .lean files, comma-separated
 */
public record LeanEngineConfiguration(Settings settings, SorryPolicy sorry, WarningPolicy warnings, int parallelism, List<Path> roots) {

    public static final String BACKEND = "lean-sandbox.backend";
    public static final String IMAGE = "lean-sandbox.image";
    public static final String TIMEOUT = "lean-sandbox.timeout";
    public static final String SORRY = "lean-sandbox.sorry";
    public static final String WARNINGS = "lean-sandbox.warnings";
    public static final String PARALLELISM = "lean-sandbox.parallelism";
    public static final String ROOTS = "lean-sandbox.roots";

    public LeanEngineConfiguration {
        roots = List.copyOf(roots);
    }

    static LeanEngineConfiguration from(ConfigurationParameters parameters) {
        Settings base = SettingsLoader.load();
        Settings.Builder settings = base.toBuilder();
        parameters.get(BACKEND).map(Backend::parse).ifPresent(settings::backend);
        parameters.get(IMAGE).ifPresent(settings::image);
        parameters.get(TIMEOUT).map(LeanEngineConfiguration::seconds).ifPresent(settings::timeout);
        int parallelism = parameters.get(PARALLELISM).map(LeanEngineConfiguration::positive)
                .orElse(Runtime.getRuntime().availableProcessors());
        PoolSettings pool = base.pool();
        // One sandbox per file checked at once: a bigger pool would only sit idle.
        settings.pool(new PoolSettings(pool.enabled(), parallelism, pool.maxAge(), pool.maxConcurrentCreations(),
                Math.max(parallelism, 1), pool.acquireTimeout()));
        return new LeanEngineConfiguration(settings.build(),
                parameters.get(SORRY).map(SorryPolicy::parse).orElse(SorryPolicy.FAIL),
                parameters.get(WARNINGS).map(WarningPolicy::parse).orElse(WarningPolicy.PASS),
                parallelism,
                parameters.get(ROOTS).map(LeanEngineConfiguration::paths).orElse(List.of()));
    }

    private static Duration seconds(String text) {
        try {
            double seconds = Double.parseDouble(text.strip());
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT + " must be a positive number of seconds, got '" + text + "'");
        }
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PARALLELISM + " must be a positive whole number, got '" + text + "'");
        }
    }

    private static List<Path> paths(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    /** The timeout as the failure messages name it. */
    String timeoutDescription() {
        Duration t = settings.timeout();
        String amount = t.toMillis() % 1000 == 0 ? t.toSeconds() + " s" : t.toMillis() + " ms";
        return amount + " (configuration parameter " + TIMEOUT + ")";
    }
}
