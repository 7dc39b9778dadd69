package dev.samlab.runner.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One measure over a configuration's runs (a value per seed): its mean, its sample standard deviation, and how far
 * its mean lies from another configuration's, with a confidence interval.
 */
public record Sample(double[] values) {

    /** The confidence of {@link #minus}'s interval. */
    public static final double CONFIDENCE = 0.95;

    public Sample {
        values = values.clone();
    }

    public static <T> Sample of(List<T> runs, ToDoubleFunction<T> measure) {
        return new Sample(runs.stream().mapToDouble(measure).toArray());
    }

    public int size() {
        return values.length;
    }

    public double mean() {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n − 1); 0 for a single value. */
    public double std() {
        return size() < 2 ? 0 : Math.sqrt(variance());
    }

    private double variance() {
        double mean = mean();
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (size() - 1);
    }

    /**
     * This mean minus {@code baseline}'s, with Welch's t interval: the runs of two configurations are independent and
     * their spreads need not be equal. Without two runs on each side there is no interval (its bounds are NaN).
     */
    public Difference minus(Sample baseline) {
        double estimate = mean() - baseline.mean();
        if (size() < 2 || baseline.size() < 2) {
            return new Difference(estimate, Double.NaN, Double.NaN);
        }
        double ours = variance() / size();
        double theirs = baseline.variance() / baseline.size();
        double standardError = Math.sqrt(ours + theirs);
        if (standardError == 0) {
            return new Difference(estimate, estimate, estimate);
        }
        double degreesOfFreedom = (ours + theirs)
                * (ours + theirs)
                / (ours * ours / (size() - 1) + theirs * theirs / (baseline.size() - 1));
        double t = new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        return new Difference(estimate, estimate - t * standardError, estimate + t * standardError);
    }

    /**
     * Two Markdown cells: this accuracy sample's mean ± std in percent, then its difference to {@code baseline} in
     * percentage points, or {@code ownLabel} where this is the baseline itself ({@code baseline} null).
     */
    public String percentWithDifference(Sample baseline, String ownLabel) {
        String difference = baseline == null ? ownLabel : minus(baseline).percentagePoints();
        return String.format(Locale.ROOT, " %.2f ± %.2f %% | %s |", 100 * mean(), 100 * std(), difference);
    }

    /** A difference of means and its confidence interval (NaN bounds when there is none). */
    public record Difference(double estimate, double low, double high) {

        /** Whether the interval leaves out zero: evidence, at its confidence, that the means differ. */
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }

        /** As percentage points, e.g. "+1.23 [-0.40, +2.86]", from fractions. */
        public String percentagePoints() {
            String estimated = String.format(Locale.ROOT, "%+.2f", 100 * estimate);
            return Double.isNaN(low)
                    ? estimated + " (no interval: one seed)"
                    : estimated + String.format(Locale.ROOT, " [%+.2f, %+.2f]", 100 * low, 100 * high);
        }
    }
}
