package io.leansandbox.engine.grading;

import java.time.Duration;
import java.util.List;

/**
 * Settings of grading (section {@code grading:}).
 *
 * @param allowedAxioms     allowed_axioms: what graded declarations may depend on
 * @param allowNativeDecide allow_native_decide: also allow the axioms of {@code native_decide}
 *                          ({@link AxiomPolicy#NATIVE_AXIOMS}); off by default, since it trusts compiled code
 * @param goldTimeout       gold_timeout: wall-clock limit of each gold stage (build, validate)
 * @param goldOutputLimit   gold_output_limit: largest export (and output) a gold stage may produce
 * @param goldPoolSize      gold_pool_size: fresh sandboxes kept ready for gold stages (each serves once)
 */
public record GradingSettings(List<String> allowedAxioms, boolean allowNativeDecide, Duration goldTimeout, long goldOutputLimit,
                              int goldPoolSize) {

    public static final GradingSettings DEFAULT = new GradingSettings(AxiomPolicy.STANDARD_AXIOMS, false,
            Duration.ofSeconds(300), 64L << 20, 2);

    public GradingSettings {
        allowedAxioms = List.copyOf(allowedAxioms);
        if (goldTimeout.isNegative() || goldTimeout.isZero()) {
            throw new IllegalArgumentException("gold_timeout must be positive, got " + goldTimeout.toSeconds());
        }
        if (goldOutputLimit < 1024) {
            throw new IllegalArgumentException("gold_output_limit must be at least 1k, got " + goldOutputLimit);
        }
        if (goldPoolSize < 0) {
            throw new IllegalArgumentException("gold_pool_size must be 0 or more, got " + goldPoolSize);
        }
    }

    /** The axiom policy these settings give. */
    public AxiomPolicy axiomPolicy() {
        AxiomPolicy policy = new AxiomPolicy(allowedAxioms);
        return allowNativeDecide ? policy.withNativeDecide() : policy;
    }
}
