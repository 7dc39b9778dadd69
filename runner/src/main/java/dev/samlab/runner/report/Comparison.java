package dev.samlab.runner.report;

import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * {@code comparison.md} and {@code comparison.png}: several configurations side by side, each over its seeds.
 * Final test accuracy (mean ± sample standard deviation) leads; the best epoch on the test set is shown as what it
 * is; cost is shown as wall time and gradient evaluations, since a SAM step costs two.
 */
public final class Comparison {

    /**
     * One configuration: its label, its resolved config (which model, which dataset split, which optimizer settings)
     * and the metrics of each seed's run.
     */
    public record Arm(String label, String config, List<List<EpochMetrics>> runs) {

        double mean(ToDoubleFunction<List<EpochMetrics>> statistic) {
            return runs.stream().mapToDouble(statistic).average().orElse(Double.NaN);
        }

        double std(ToDoubleFunction<List<EpochMetrics>> statistic) {
            if (runs.size() < 2) {
                return 0;
            }
            double mean = mean(statistic);
            double squares = runs.stream().mapToDouble(r -> Math.pow(statistic.applyAsDouble(r) - mean, 2)).sum();
            return Math.sqrt(squares / (runs.size() - 1));
        }
    }

    private static final ToDoubleFunction<List<EpochMetrics>> FINAL = r -> r.get(r.size() - 1).testAccuracy();
    private static final ToDoubleFunction<List<EpochMetrics>> BEST =
            r -> r.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN);
    /** The test accuracy at the epoch the validation split picks: an honest selection. */
    private static final ToDoubleFunction<List<EpochMetrics>> AT_BEST_VALIDATION = r -> r.stream()
            .max(Comparator.comparingDouble(EpochMetrics::validationAccuracy)).orElseThrow().testAccuracy();

    private Comparison() {
    }

    public static void write(Path folder, List<Arm> arms) throws IOException {
        Files.writeString(folder.resolve("comparison.md"), markdown(arms));
        chart(arms, folder.resolve("comparison.png"));
    }

    static String markdown(List<Arm> arms) {
        StringBuilder md = new StringBuilder("# Comparison\n\n");
        md.append("Ranked by final test accuracy (mean ± sample standard deviation over seeds). \"Best\" is the"
                + " highest test accuracy over the epochs: chosen on the test set, so optimistic; do not report it as"
                + " a result.\n\n");
        boolean validated = arms.stream().allMatch(a -> a.runs().stream().allMatch(r -> r.get(0).hasValidation()));
        md.append("| run | seeds | final test acc |" + (validated ? " test acc at best validation epoch |" : "")
                + " best test acc (test-selected) | epochs | grad evals | wall time |\n");
        md.append("|---|---:|---:|" + (validated ? "---:|" : "") + "---:|---:|---:|---:|\n");
        for (Arm arm : arms.stream().sorted(Comparator.comparingDouble((Arm a) -> a.mean(FINAL)).reversed()).toList()) {
            List<EpochMetrics> first = arm.runs().get(0);
            EpochMetrics last = first.get(first.size() - 1);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f ± %.2f %% |%s %.2f %% | %d | %,d | %.0f s |%n",
                    arm.label(), arm.runs().size(), 100 * arm.mean(FINAL), 100 * arm.std(FINAL),
                    validated ? String.format(Locale.ROOT, " %.2f ± %.2f %% |", 100 * arm.mean(AT_BEST_VALIDATION),
                            100 * arm.std(AT_BEST_VALIDATION)) : "",
                    100 * arm.mean(BEST), last.epoch(), last.gradientEvaluations(),
                    arm.mean(r -> r.get(r.size() - 1).seconds())));
        }
        md.append("\n![test accuracy against epochs and against gradient evaluations](comparison.png)\n");
        md.append("\n## Configs\n");
        for (Arm arm : arms) {
            md.append("\n### ").append(arm.label()).append("\n\n```yaml\n").append(arm.config()).append("```\n");
        }
        return md.toString();
    }

    private static void chart(List<Arm> arms, Path file) throws IOException {
        XYChart byEpoch = Curves.chart("test accuracy by epoch", "test accuracy (%, mean over seeds)");
        XYChart byCost = Curves.chart("test accuracy by cost", "test accuracy (%, mean over seeds)");
        byCost.setXAxisTitle("gradient evaluations");
        byEpoch.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        byCost.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        for (Arm arm : arms) {
            int epochs = arm.runs().stream().mapToInt(List::size).min().orElse(0);
            double[] accuracy = new double[epochs];
            double[] epoch = new double[epochs];
            double[] cost = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                final int index = e;
                accuracy[e] = 100 * arm.runs().stream().mapToDouble(r -> r.get(index).testAccuracy()).average()
                        .orElse(Double.NaN);
                epoch[e] = e + 1;
                cost[e] = arm.runs().get(0).get(e).gradientEvaluations();
            }
            byEpoch.addSeries(arm.label(), epoch, accuracy);
            byCost.addSeries(arm.label(), cost, accuracy);
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(List.of(byEpoch, byCost), 1, 2, name.substring(0, name.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
    }
}
