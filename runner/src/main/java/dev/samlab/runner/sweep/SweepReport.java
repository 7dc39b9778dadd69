package dev.samlab.runner.sweep;

import dev.samlab.runner.report.Flatness;
import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code sweep.md} and a {@code sweep-KEY.png} per swept key: final test accuracy (and λmax, when measured) against
 * each value of the key, mean ± sample standard deviation over the trials with that value (its seeds, and the other
 * keys' values), then every trial. The seed is no axis of its own here: it is what the spread is over.
 */
public final class SweepReport {

    /** A finished trial: every epoch's metrics, and its final checkpoint's flatness when measured (else null). */
    public record Outcome(Trial trial, List<EpochMetrics> metrics, Flatness flatness) {
        double finalAccuracy() {
            return metrics.get(metrics.size() - 1).testAccuracy();
        }
    }

    private SweepReport() {}

    public static void write(Path folder, String name, List<Outcome> outcomes) throws IOException {
        boolean flat = outcomes.stream().allMatch(o -> o.flatness() != null);
        StringBuilder md = new StringBuilder("# Sweep " + name + "\n\n");
        md.append(outcomes.size())
                .append(" trials; final test accuracy")
                .append(flat ? " and λmax of the final checkpoint" : "")
                .append(", mean ± sample standard deviation over the trials that share a value (comparison.md ranks"
                        + " each configuration over its seeds).\n");
        for (String key : outcomes.get(0).trial().values().keySet()) {
            if (!key.equals(Trial.SEED)) {
                axis(folder, key, outcomes, flat, md);
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
        Files.writeString(folder.resolve("sweep.md"), md);
    }

    /** The table and the plot of one swept key. */
    private static void axis(Path folder, String key, List<Outcome> outcomes, boolean flat, StringBuilder md)
            throws IOException {
        Map<String, List<Outcome>> byValue = new LinkedHashMap<>();
        outcomes.forEach(o -> byValue.computeIfAbsent(o.trial().values().get(key), v -> new ArrayList<>())
                .add(o));
        md.append("\n## ").append(key).append("\n\n| value | trials | final test accuracy |");
        md.append(flat ? " λmax |\n|---|---:|---:|---:|\n" : "\n|---|---:|---:|\n");
        byValue.forEach((value, group) -> {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.2f ± %.2f %% |",
                    value,
                    group.size(),
                    mean(group, ACCURACY),
                    std(group, ACCURACY)));
            if (flat) {
                md.append(
                        String.format(Locale.ROOT, " %.4g ± %.2g |", mean(group, LAMBDA_MAX), std(group, LAMBDA_MAX)));
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
        charts.add(chart(key, "test accuracy (%)", byValue, ACCURACY));
        if (flat) {
            charts.add(chart(key, "λmax of the Hessian", byValue, LAMBDA_MAX));
        }
        String file = folder.resolve(chart).toString();
        BitmapEncoder.saveBitmap(
                charts,
                1,
                charts.size(),
                file.substring(0, file.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static final ToDoubleFunction<Outcome> ACCURACY = o -> 100 * o.finalAccuracy();
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
                byValue.values().stream().map(group -> mean(group, of)).toList(),
                byValue.values().stream().map(group -> std(group, of)).toList());
        return chart;
    }

    private static double mean(List<Outcome> group, ToDoubleFunction<Outcome> of) {
        return group.stream().mapToDouble(of).average().orElse(Double.NaN);
    }

    /** The sample standard deviation; 0 for a single value. */
    private static double std(List<Outcome> group, ToDoubleFunction<Outcome> of) {
        if (group.size() < 2) {
            return 0;
        }
        double mean = mean(group, of);
        return Math.sqrt(group.stream()
                        .mapToDouble(o -> Math.pow(of.applyAsDouble(o) - mean, 2))
                        .sum()
                / (group.size() - 1));
    }
}
