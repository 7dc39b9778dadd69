package dev.samlab.runner.sweep;

import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.report.ChartFile;
import dev.samlab.runner.report.Flatness;
import dev.samlab.runner.report.Sample;
import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code sweep.md} and a {@code sweep-KEY.png} per swept key: final test accuracy (beside the accuracy at the best
 * validation epoch where there is a validation split, and λmax where measured) against each value of the key, mean ±
 * sample standard deviation over the trials with that value (its seeds, and the other keys' values), with each
 * value's difference to the first value's and its interval, then every trial. The seed is no axis of its own here:
 * it is what the spread is over.
 */
public final class SweepReport {

    /** A finished trial: every epoch's metrics, and its final checkpoint's flatness when measured (else null). */
    public record Outcome(Trial trial, List<EpochMetrics> metrics, Flatness flatness) {
        double finalAccuracy() {
            return metrics.get(metrics.size() - 1).testAccuracy();
        }

        /** The test accuracy at the epoch the validation split picks. */
        double accuracyAtBestValidation() {
            return EpochMetrics.chosenByValidation(metrics).testAccuracy();
        }

        boolean validated() {
            return metrics.get(0).hasValidation();
        }
    }

    private SweepReport() {}

    public static void write(Path folder, String name, List<Outcome> outcomes) throws IOException {
        boolean flat = outcomes.stream().allMatch(o -> o.flatness() != null);
        StringBuilder md = new StringBuilder("# Sweep " + name + "\n\n");
        boolean validated = outcomes.stream().allMatch(Outcome::validated);
        md.append(outcomes.size())
                .append(" trials; final test accuracy")
                .append(validated ? ", test accuracy at the best validation epoch" : "")
                .append(flat ? " and λmax of the final checkpoint" : "")
                .append(", mean ± sample standard deviation over the trials that share a value, and the difference"
                        + " of each value's mean accuracy to the first value's in percentage points with a "
                        + Math.round(100 * Sample.CONFIDENCE)
                        + " % Welch t interval (comparison.md ranks each configuration over its seeds).\n");
        for (String key : outcomes.get(0).trial().values().keySet()) {
            if (!key.equals(Trial.SEED)) {
                axis(folder, key, outcomes, validated, flat, md);
            }
        }
        md.append("\n## Trials\n\n| trial | folder | final test accuracy | epochs |\n|---:|---|---:|---:|\n");
        for (Outcome outcome : outcomes) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.2f %% | %d |%n",
                    outcome.trial().index(),
                    outcome.trial().name(),
                    100 * outcome.finalAccuracy(),
                    outcome.metrics().size()));
        }
        AtomicFile.writeString(folder.resolve("sweep.md"), md.toString());
    }

    /** The table and the plot of one swept key. */
    private static void axis(
            Path folder, String key, List<Outcome> outcomes, boolean validated, boolean flat, StringBuilder md)
            throws IOException {
        Map<String, List<Outcome>> byValue = new LinkedHashMap<>();
        outcomes.forEach(o -> byValue.computeIfAbsent(o.trial().values().get(key), v -> new ArrayList<>())
                .add(o));
        md.append("\n## ").append(key).append("\n\n| value | trials | final test accuracy | Δ |");
        md.append(validated ? " at best validation epoch | Δ |" : "").append(flat ? " λmax |" : "");
        md.append("\n|---|---:|---:|---:|")
                .append(validated ? "---:|---:|" : "")
                .append(flat ? "---:|" : "");
        md.append('\n');
        List<Outcome> first = byValue.values().iterator().next();
        byValue.forEach((value, group) -> {
            md.append(String.format(Locale.ROOT, "| %s | %d |", value, group.size()));
            md.append(accuracyAndDifference(group, first, ACCURACY));
            if (validated) {
                md.append(accuracyAndDifference(group, first, AT_BEST_VALIDATION));
            }
            if (flat) {
                Sample lambdaMax = Sample.of(group, LAMBDA_MAX);
                md.append(String.format(Locale.ROOT, " %.4g ± %.2g |", lambdaMax.mean(), lambdaMax.std()));
            }
            md.append('\n');
        });
        String chart = "sweep-" + key + ".png";
        md.append("\n![final test accuracy")
                .append(flat ? " and λmax" : "")
                .append(" against ")
                .append(key)
                .append("](")
                .append(chart)
                .append(")\n");
        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.add(chart(key, "test accuracy (%)", byValue, o -> 100 * o.finalAccuracy()));
        if (flat) {
            charts.add(chart(key, "λmax of the Hessian", byValue, LAMBDA_MAX));
        }
        ChartFile.save(folder.resolve(chart), charts);
    }

    private static final ToDoubleFunction<Outcome> ACCURACY = Outcome::finalAccuracy;
    private static final ToDoubleFunction<Outcome> AT_BEST_VALIDATION = Outcome::accuracyAtBestValidation;
    private static final ToDoubleFunction<Outcome> LAMBDA_MAX =
            o -> o.flatness().lambdaMax();

    /** A point per value of {@code key}: the mean of a measure over its trials, with the standard deviation. */
    private static CategoryChart chart(
            String key, String measure, Map<String, List<Outcome>> byValue, ToDoubleFunction<Outcome> of) {
        boolean longLabels = byValue.keySet().stream().mapToInt(String::length).sum() > 60;
        CategoryChart chart = new CategoryChartBuilder()
                .width(640)
                .height(longLabels ? 640 : 400) // room for the slanted labels below the plot
                .title(measure + " against " + key)
                .xAxisTitle(key)
                .yAxisTitle(measure + ", mean ± std")
                .build();
        chart.getStyler().setLegendVisible(false);
        // points with error bars: bars would start the axis at zero and flatten the differences a sweep is for
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        if (longLabels) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        chart.addSeries(
                measure,
                new ArrayList<>(byValue.keySet()),
                byValue.values().stream()
                        .map(group -> Sample.of(group, of).mean())
                        .toList(),
                byValue.values().stream()
                        .map(group -> Sample.of(group, of).std())
                        .toList());
        return chart;
    }

    /** Two cells: a group's accuracy (mean ± std, percent) and its difference to the first group's. */
    private static String accuracyAndDifference(
            List<Outcome> group, List<Outcome> first, ToDoubleFunction<Outcome> accuracy) {
        return Sample.of(group, accuracy)
                .percentWithDifference(group == first ? null : Sample.of(first, accuracy), "first");
    }
}
