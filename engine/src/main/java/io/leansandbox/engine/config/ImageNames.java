package io.leansandbox.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The names of lean-sandbox's own images. They are tagged with the project version, so that a new
 * version of lean-sandbox looks for (and, in {@code serve}, builds) an image of its own instead of
 * running one built from an older Dockerfile; every build also moves the version-less alias
 * ({@code latest}, {@code mathlib}) to it.
 */
public final class ImageNames {

    /** The repository of the production images. */
    public static final String REPOSITORY = "lean-sandbox";
    /** This build's version as a Docker tag ({@code 0.1.0-SNAPSHOT}; {@code dev} when it cannot be read). */
    public static final String VERSION = tagOf(readVersion());
    /** The production image of this version, the default {@code docker.image}. */
    public static final String DEFAULT = REPOSITORY + ":" + VERSION;
    /** The alias every build of {@link #DEFAULT} also gets. */
    public static final String LATEST = REPOSITORY + ":latest";
    /** The production image with Mathlib, of this version. */
    public static final String MATHLIB = REPOSITORY + ":mathlib-" + VERSION;
    /** The alias every build of {@link #MATHLIB} also gets. */
    public static final String MATHLIB_LATEST = REPOSITORY + ":mathlib";
    /** The image the original Python server (lean-docker-mcp) runs: Lean without the REPL. */
    public static final String SEED_REPOSITORY = "lean-docker-mcp";

    private ImageNames() {
    }

    /** The other tags a build of {@code image} gets: the version-less alias of a versioned image of ours, else none. */
    public static List<String> aliases(String image) {
        if (image.equals(DEFAULT)) {
            return List.of(LATEST);
        }
        if (image.equals(MATHLIB)) {
            return List.of(MATHLIB_LATEST);
        }
        return List.of();
    }

    /** Whether {@code image} names a Mathlib image (built from Dockerfile.mathlib, on top of the production image). */
    public static boolean isMathlib(String image) {
        return image.toLowerCase(Locale.ROOT).contains("mathlib");
    }

    /** Whether {@code image} names the test stand-in image, which {@code docker/build-images.sh} builds. */
    public static boolean isStandIn(String image) {
        return image.startsWith(REPOSITORY + "/standin");
    }

    /** Whether {@code image} is in the original Python server's repository. */
    public static boolean isSeed(String image) {
        String name = repository(image);
        return name.equals(SEED_REPOSITORY) || name.endsWith("/" + SEED_REPOSITORY);
    }

    /** {@code image} without its tag or digest. */
    static String repository(String image) {
        String name = image;
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return name;
    }

    /** {@code version} as a valid Docker tag: letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'. */
    static String tagOf(String version) {
        String tag = version.strip().replaceAll("[^A-Za-z0-9_.-]", "-");
        if (tag.isEmpty() || tag.startsWith(".") || tag.startsWith("-")) {
            tag = "v" + tag;
        }
        return tag.length() > 128 ? tag.substring(0, 128) : tag;
    }

    private static String readVersion() {
        try (InputStream in = ImageNames.class.getResourceAsStream("/io/leansandbox/engine/lean-sandbox.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            return version.isBlank() || version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
