package io.leansandbox.engine.grading;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the front doors' allowed-axioms parameters become a policy: one reading for the plugin and the JUnit engine. */
class AxiomPolicyTest {

    private static final AxiomPolicy SETTING = new AxiomPolicy(List.of("propext"));

    @Test
    void anUnsetOrBlankParameterLeavesTheSetting() {
        assertThat(AxiomPolicy.ofParameter(null, SETTING)).isSameAs(SETTING);
        assertThat(AxiomPolicy.ofParameter(List.of(), SETTING)).isSameAs(SETTING);
        assertThat(AxiomPolicy.ofParameter(Arrays.asList(" ", null, ""), SETTING)).isSameAs(SETTING);
    }

    @Test
    void entriesAreStrippedAndNoneAloneAllowsNoAxiom() {
        assertThat(AxiomPolicy.ofParameter(List.of(" Quot.sound ", "Classical.choice"), SETTING).allowed())
                .containsExactly("Quot.sound", "Classical.choice");
        assertThat(AxiomPolicy.ofParameter(List.of("none"), SETTING).allowed()).isEmpty();
        assertThat(AxiomPolicy.ofParameter(List.of("none", "propext"), SETTING).allowed()).containsExactly("none", "propext");
    }

    @Test
    void sorryAxIsNeverAllowedEvenWhenListed() {
        AxiomPolicy policy = AxiomPolicy.ofParameter(List.of("sorryAx", "propext"), SETTING);
        assertThat(policy.allows("sorryAx")).isFalse();
        assertThat(policy.allows("propext")).isTrue();
    }
}
