package io.leansandbox.engine.config;

import java.nio.file.Path;

/**
 * How a missing image is built (by {@code serve} and the other commands of the runnable jar, and by
 * {@code lean-sandbox setup}).
 *
 * @param auto       {@code docker.auto_build}: build the image when it is missing, instead of failing
 * @param context    {@code docker.build_context}: the build context; null means the {@code docker/}
 *                   directory of the checkout the jar was built in, when it runs from one
 * @param dockerfile {@code docker.dockerfile}: the Dockerfile, relative to the context (or absolute);
 *                   null means {@code Dockerfile.mathlib} for a Mathlib image, else {@code Dockerfile}
 */
public record ImageBuildSettings(boolean auto, Path context, String dockerfile) {

    public static final ImageBuildSettings DEFAULT = new ImageBuildSettings(true, null, null);

    public ImageBuildSettings {
        if (dockerfile != null && dockerfile.isBlank()) {
            dockerfile = null;
        }
    }

    /** The Dockerfile that builds {@code image}: the configured one, else the one for its kind, resolved against {@code context}. */
    public Path dockerfileFor(String image, Path context) {
        String name = dockerfile != null ? dockerfile : ImageNames.isMathlib(image) ? "Dockerfile.mathlib" : "Dockerfile";
        return context.resolve(name).normalize();
    }
}
