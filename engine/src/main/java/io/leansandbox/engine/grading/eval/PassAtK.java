package io.leansandbox.engine.grading.eval;

/**
 * The unbiased pass@k estimator (Chen et al., 2021): the chance that at least one of k attempts
 * drawn without replacement from n, of which c are valid, is valid:
 * {@code 1 - C(n-c, k) / C(n, k)}, computed as {@code 1 - prod_{i=n-c+1}^{n} (1 - k/i)}, which
 * neither overflows nor loses precision as the binomials would.
 *
 * <p>For {@code k > n} there are not k attempts to draw: the estimate is taken with {@code k = n},
 * i.e. 1 when any attempt is valid and 0 otherwise (summaries count the problems this happened to).
 */
public final class PassAtK {

    private PassAtK() {
    }

    /** pass@k for a problem with {@code n} attempts of which {@code c} are valid; {@code k > n} is read as {@code k = n}. */
    public static double estimate(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1) {
            throw new IllegalArgumentException("pass@k needs n >= 1, 0 <= c <= n and k >= 1, got n=" + n + ", c=" + c + ", k=" + k);
        }
        int draws = Math.min(k, n);
        if (n - c < draws) {
            return 1.0; // every draw of k attempts holds a valid one
        }
        double allInvalid = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allInvalid *= 1.0 - (double) draws / i;
        }
        return 1.0 - allInvalid;
    }
}
