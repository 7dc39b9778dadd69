package dev.samlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SampleTest {

    @Test
    void meanAndSampleStandardDeviation() {
        Sample sample = new Sample(new double[] {2, 4, 4, 4, 5, 5, 7, 9});

        assertThat(sample.mean()).isEqualTo(5.0);
        assertThat(sample.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12)); // squares sum to 32, over n - 1
        assertThat(new Sample(new double[] {0.7}).std()).isZero();
    }

    @Test
    void welchsIntervalWithEqualSpreadsHasTwiceNMinusOneDegreesOfFreedom() {
        // variances 1 and 1, n = 3 each: standard error sqrt(2/3), 4 degrees of freedom, t(0.975, 4) = 2.776445
        Sample.Difference difference = new Sample(new double[] {4, 5, 6}).minus(new Sample(new double[] {1, 2, 3}));

        double halfWidth = 2.776445 * Math.sqrt(2.0 / 3);
        assertThat(difference.estimate()).isEqualTo(3.0);
        assertThat(difference.low()).isCloseTo(3 - halfWidth, within(1e-5));
        assertThat(difference.high()).isCloseTo(3 + halfWidth, within(1e-5));
        assertThat(difference.excludesZero()).isTrue();
    }

    @Test
    void welchsIntervalWithUnequalSpreadsUsesSatterthwaitesDegreesOfFreedom() {
        // variances 4 and 1, n = 3: se² = 4/3 + 1/3 = 5/3, df = (5/3)² / ((4/3)²/2 + (1/3)²/2) = 50/17
        // t(0.975, 50/17) = 3.218759 (scipy.stats.t.ppf(0.975, 50/17))
        Sample.Difference difference = new Sample(new double[] {2, 4, 6}).minus(new Sample(new double[] {1, 2, 3}));

        assertThat(difference.estimate()).isEqualTo(2.0);
        assertThat(difference.high() - difference.estimate()).isCloseTo(3.218759 * Math.sqrt(5.0 / 3), within(1e-5));
        assertThat(difference.excludesZero()).isFalse();
        assertThat(difference.percentagePoints()).isEqualTo("+200.00 [-215.54, +615.54]");
    }

    @Test
    void oneSeedGivesNoInterval() {
        Sample.Difference difference = new Sample(new double[] {0.71}).minus(new Sample(new double[] {0.70, 0.72}));

        assertThat(difference.low()).isNaN();
        assertThat(difference.excludesZero()).isFalse();
        assertThat(difference.percentagePoints()).isEqualTo("+0.00 (no interval: one seed)");
    }
}
