package io.leansandbox.engine.grading.eval;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PassAtKTest {

    @Test
    void knownValues() {
        assertThat(PassAtK.estimate(10, 3, 1)).isCloseTo(0.3, within(1e-12));
        assertThat(PassAtK.estimate(10, 3, 10)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(10, 1, 10)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(10, 0, 1)).isZero();
        assertThat(PassAtK.estimate(10, 0, 10)).isZero();
        assertThat(PassAtK.estimate(10, 10, 1)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(1, 1, 1)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(1, 0, 1)).isZero();
    }

    @Test
    void agreesWithTheBinomialFormula() {
        for (int n = 1; n <= 40; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    double exact = 1.0 - ratio(binomial(n - c, k), binomial(n, k));
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k).isCloseTo(exact, within(1e-12));
                }
            }
        }
    }

    @Test
    void staysExactForLargeSamples() {
        // 1 - C(900, 32) / C(1000, 32): binomials this size overflow doubles; the product does not.
        assertThat(PassAtK.estimate(1000, 100, 32)).isCloseTo(1.0 - ratio(binomial(900, 32), binomial(1000, 32)), within(1e-12));
        assertThat(PassAtK.estimate(100_000, 1, 1)).isCloseTo(1e-5, within(1e-15));
    }

    @Test
    void kAboveNIsTakenAsN() {
        assertThat(PassAtK.estimate(4, 1, 32)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(4, 0, 32)).isZero();
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> PassAtK.estimate(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(3, 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(3, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) {
            return BigInteger.ZERO;
        }
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }

    private static double ratio(BigInteger a, BigInteger b) {
        return new java.math.BigDecimal(a).divide(new java.math.BigDecimal(b), java.math.MathContext.DECIMAL128).doubleValue();
    }
}
