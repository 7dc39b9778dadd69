package dev.samlab.runner.sweep;

import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * {@code sweep.md} and a {@code sweep-KEY.png} per swept key: final test accuracy against each value of the key, mean
 * ± sample standard deviation over the trials with that value (its seeds, and the other keys' values), then every
 * trial. The seed is no axis of its own here: it is what the spread is over.
 */
public final class SweepReport {

    /** A finished trial: its final test accuracy and how many epochs it ran. */
    public record Outcome(Trial trial, List<EpochMetrics> metrics) {
        double finalAccuracy() {
            return metrics.get(metrics.size() - 1).testAccuracy();
        }
    }

    private SweepReport() {}

    public static void write(Path folder, String name, List<Outcome> outcomes) throws IOException {
        StringBuilder md = new StringBuilder("# Sweep " + name + "\n\n");
        md.append(outcomes.size())
                .append(" trials; final test accuracy, mean ± sample standard deviation over the trials that share a"
                        + " value (comparison.md ranks each configuration over its seeds).\n");
        for (String key : outcomes.get(0).trial().values().keySet()) {
            if (key.equals(Trial.SEED)) {
                continue;
            }
            Map<String, List<Double>> byValue = new LinkedHashMap<>();
            for (Outcome outcome : outcomes) {
                byValue.computeIfAbsent(outcome.trial().values().get(key), v -> new ArrayList<>())
                        .add(100 * outcome.finalAccuracy());
            }
            String chart = "sweep-" + key + ".png";
            md.append("\n## ").append(key).append("\n\n| value | trials | final test accuracy |\n|---|---:|---:|\n");
            byValue.forEach((value, accuracies) -> md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.2f ± %.2f %% |%n",
                    value,
                    accuracies.size(),
                    mean(accuracies),
                    std(accuracies))));
            md.append("\n![final test accuracy against ")
                    .append(key)
                    .append("](")
                    .append(chart)
                    .append(")\n");
            chart(key, byValue, folder.resolve(chart));
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

    private static void chart(String key, Map<String, List<Double>> byValue, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(640)
                .height(400)
                .title("final test accuracy against " + key)
                .xAxisTitle(key)
                .yAxisTitle("test accuracy (%, mean ± std)")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(
                "final test accuracy",
                new ArrayList<>(byValue.keySet()),
                byValue.values().stream().map(SweepReport::mean).toList(),
                byValue.values().stream().map(SweepReport::std).toList());
        String name = file.toString();
        BitmapEncoder.saveBitmap(
                chart, name.substring(0, name.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample standard deviation; 0 for a single value. */
    private static double std(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double mean = mean(values);
        return Math.sqrt(
                values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1));
    }
}
