package io.leansandbox.maven;

import io.leansandbox.engine.config.Settings;
import io.leansandbox.engine.grading.AxiomPolicy;
import io.leansandbox.engine.grading.Trust;

import java.nio.charset.StandardCharsets;

/**
 * What a pass depends on besides the file's content: the toolchain (the image's id, or the local
 * {@code lean --version}), the settings that can change a verdict, the failure policy, the trust
 * level and axiom policy files are graded with, and this plugin's version. A change to any of them
 * makes every file be checked again.
 */
final class CacheKey {

    private CacheKey() {
    }

    static String of(String toolchain, Settings settings, FailurePolicy policy, AxiomPolicy axioms, String pluginVersion) {
        String canonical = String.join("\n",
                "format " + CheckCache.FORMAT,
                "plugin " + pluginVersion,
                "toolchain " + toolchain,
                "backend " + settings.backend(),
                "image " + settings.image(),
                "working-dir " + settings.workingDir(),
                "timeout " + settings.timeout().toMillis(),
                "limits " + settings.limits(),
                "imports " + settings.importPolicy(),
                "environment " + settings.environment(),
                "max-source-bytes " + settings.maxSourceBytes(),
                "output-limit " + settings.outputLimitBytes(),
                "policy " + policy,
                "trust " + Trust.OWN.wireName(),
                "allowed-axioms " + axioms.allowed());
        return CheckCache.sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }
}
