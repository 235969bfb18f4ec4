package io.leansandbox.junit;

import io.leansandbox.engine.config.Backend;
import io.leansandbox.engine.config.PoolSettings;
import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.config.SettingsException;
import io.leansandbox.engine.config.SettingsLoader;
import io.leansandbox.engine.grading.AxiomPolicy;
import org.junit.platform.engine.ConfigurationParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The engine's configuration parameters (junit-platform.properties, Surefire's
 * configurationParameters, {@code @ConfigurationParameter}, or {@code -D} system properties); anything
 * not given comes from the engine's own settings (the YAML file and LEAN_DOCKER_MCP_* variables, see
 * the README). Read once, at discovery: a bad value is one discovery issue naming the parameter.
 *
 * @param settings    the sandbox engine's settings, with backend, image and timeout applied
 * @param axioms      lean-sandbox.allowed-axioms: the axioms declarations may depend on, comma-separated
 *                    ({@code none} for none); default: the engine's setting {@code grading.allowed_axioms}
 * @param sorry       lean-sandbox.sorry: fail (default), abort or pass
 * @param warnings    lean-sandbox.warnings: pass (default) or fail
 * @param naming      lean-sandbox.naming-strategy: long (default) or short
 * @param nameFilter  lean-sandbox.filter.name: a regular expression; only declarations whose name it
 *                    finds are run
 * @param parallelism lean-sandbox.parallelism: files checked at once (default: available processors)
 * @param roots       lean-sandbox.roots: directories always searched for .lean files, comma-separated
 */
public record LeanEngineConfiguration(Settings settings, AxiomPolicy axioms, SorryPolicy sorry, WarningPolicy warnings,
                                      NamingStrategy naming, Optional<Pattern> nameFilter, int parallelism, List<Path> roots) {

    public static final String BACKEND = "lean-sandbox.backend";
    public static final String IMAGE = "lean-sandbox.image";
    public static final String TIMEOUT = "lean-sandbox.timeout";
    public static final String ALLOWED_AXIOMS = "lean-sandbox.allowed-axioms";
    public static final String SORRY = "lean-sandbox.sorry";
    public static final String WARNINGS = "lean-sandbox.warnings";
    public static final String NAMING_STRATEGY = "lean-sandbox.naming-strategy";
    public static final String FILTER_NAME = "lean-sandbox.filter.name";
    public static final String PARALLELISM = "lean-sandbox.parallelism";
    public static final String ROOTS = "lean-sandbox.roots";

    public LeanEngineConfiguration {
        roots = List.copyOf(roots);
    }

    /** The configuration, or an {@link IllegalArgumentException} whose message names the bad parameter or setting. */
    static LeanEngineConfiguration from(ConfigurationParameters parameters) {
        Settings base;
        try {
            base = SettingsLoader.load();
        } catch (SettingsException e) {
            throw new IllegalArgumentException("the lean-sandbox settings are invalid: " + e.getMessage() + " (settings come from "
                    + SettingsLoader.CONFIG_VARIABLE + " or ~/.lean-docker-mcp/config.yaml, and " + SettingsLoader.ENV_PREFIX
                    + "* variables)", e);
        }
        Settings.Builder settings = base.toBuilder();
        read(parameters, BACKEND, Backend::parse).ifPresent(settings::backend);
        parameters.get(IMAGE).map(String::strip).filter(s -> !s.isEmpty()).ifPresent(settings::image);
        read(parameters, TIMEOUT, LeanEngineConfiguration::seconds).ifPresent(settings::timeout);
        int parallelism = read(parameters, PARALLELISM, LeanEngineConfiguration::positive)
                .orElse(Runtime.getRuntime().availableProcessors());
        PoolSettings pool = base.pool();
        // One sandbox per file checked at once: a bigger pool would only sit idle.
        settings.pool(new PoolSettings(pool.enabled(), parallelism, pool.maxAge(), pool.maxConcurrentCreations(),
                Math.max(parallelism, 1), pool.acquireTimeout()));
        Settings built;
        try {
            built = settings.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the lean-sandbox settings are invalid: " + e.getMessage(), e);
        }
        AxiomPolicy axioms = AxiomPolicy.ofParameter(parameters.get(ALLOWED_AXIOMS).map(LeanEngineConfiguration::list).orElse(List.of()),
                built.grading().axiomPolicy());
        return new LeanEngineConfiguration(built, axioms,
                read(parameters, SORRY, SorryPolicy::parse).orElse(SorryPolicy.FAIL),
                read(parameters, WARNINGS, WarningPolicy::parse).orElse(WarningPolicy.PASS),
                read(parameters, NAMING_STRATEGY, NamingStrategy::parse).orElse(NamingStrategy.LONG),
                read(parameters, FILTER_NAME, LeanEngineConfiguration::pattern),
                parallelism,
                parameters.get(ROOTS).map(LeanEngineConfiguration::list).orElse(List.of()).stream().map(Path::of).toList());
    }

    /** Whether {@code declaration}'s name passes lean-sandbox.filter.name (always, without one). */
    boolean selects(String declarationName) {
        return nameFilter.map(p -> p.matcher(declarationName).find()).orElse(true);
    }

    /** A parameter's value read by {@code parser}, blank as unset; a parser's refusal names the parameter. */
    private static <T> Optional<T> read(ConfigurationParameters parameters, String key, Function<String, T> parser) {
        Optional<String> text = parameters.get(key).filter(s -> !s.isBlank());
        try {
            return text.map(parser);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String value = text.orElseThrow();
            throw new IllegalArgumentException((message.contains(key) ? message : key + ": " + message)
                    + (message.contains(value) ? "" : " (got '" + value + "')"), e);
        }
    }

    private static Duration seconds(String text) {
        try {
            double seconds = Double.parseDouble(text.strip());
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
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

    private static Pattern pattern(String text) {
        try {
            return Pattern.compile(text.strip());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(FILTER_NAME + " must be a regular expression, got '" + text + "': "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The limit as failure messages name it: the engine's effective timeout (a parameter's, or the image's suggestion). */
    static String describeTimeout(Duration timeout) {
        String amount = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return amount + " (configuration parameter " + TIMEOUT + ")";
    }
}
