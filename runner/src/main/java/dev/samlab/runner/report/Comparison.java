package dev.samlab.runner.report;

import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * {@code comparison.md} and {@code comparison.png}: several configurations side by side, each over its seeds.
 * Final test accuracy (mean ± sample standard deviation) leads, beside the accuracy at the best validation epoch, each
 * with its difference to the first configuration and a confidence interval; the best epoch on the test set is shown
 * as what it is; cost is shown as wall time and gradient evaluations, since a SAM step costs two.
 */
public final class Comparison {

    /**
     * One configuration: its label, its resolved config without the seed (which model, which dataset split, which
     * optimizer settings), the seed of each run, the metrics of each seed's run and, when measured, each run's
     * flatness (else an empty list).
     */
    public record Arm(
            String label, String config, List<Long> seeds, List<List<EpochMetrics>> runs, List<Flatness> flatness) {

        public Arm {
            seeds = List.copyOf(seeds);
            runs = List.copyOf(runs);
            flatness = List.copyOf(flatness);
        }

        Sample over(ToDoubleFunction<List<EpochMetrics>> statistic) {
            return Sample.of(runs, statistic);
        }

        String flatness(ToDoubleFunction<Flatness> statistic) {
            Sample sample = Sample.of(flatness, statistic);
            return String.format(Locale.ROOT, "%.4g ± %.2g", sample.mean(), sample.std());
        }
    }

    private static final ToDoubleFunction<List<EpochMetrics>> FINAL =
            r -> r.get(r.size() - 1).testAccuracy();
    private static final ToDoubleFunction<List<EpochMetrics>> BEST =
            r -> r.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(Double.NaN);
    /** The test accuracy at the epoch the validation split picks: an honest selection. */
    private static final ToDoubleFunction<List<EpochMetrics>> AT_BEST_VALIDATION =
            r -> EpochMetrics.chosenByValidation(r).testAccuracy();

    private Comparison() {}

    /**
     * Writes comparison.md, comparison.png and curves.png ({@link ComparisonCurves}), each atomically, once all are
     * drawn: a failure replaces none.
     */
    public static void write(Path folder, List<Arm> arms) throws IOException {
        String markdown = markdown(arms);
        byte[] png = chart(arms);
        byte[] curves = ComparisonCurves.png(arms);
        Files.createDirectories(folder);
        AtomicFile.writeString(folder.resolve("comparison.md"), markdown);
        AtomicFile.write(folder.resolve("comparison.png"), out -> out.write(png));
        AtomicFile.write(folder.resolve("curves.png"), out -> out.write(curves));
    }

    static String markdown(List<Arm> arms) {
        Arm baseline = arms.get(0);
        StringBuilder md = new StringBuilder("# Comparison\n\n");
        md.append("Ranked by final test accuracy (mean ± sample standard deviation over seeds). Δ is a configuration's"
                + " mean minus that of the first one given (" + baseline.label() + "), in percentage points, with a "
                + Math.round(100 * Sample.CONFIDENCE) + " % Welch t interval over seeds: an interval that contains 0"
                + " is no evidence of a difference. \"At best validation epoch\" takes each run's test accuracy at"
                + " the epoch its validation split picks, an honest selection; \"best test acc\" is the highest test"
                + " accuracy over the epochs: chosen on the test set, so optimistic; do not report it as a"
                + " result.\n\n");
        boolean validated = arms.stream()
                .allMatch(a -> a.runs().stream().allMatch(r -> r.get(0).hasValidation()));
        boolean flat = arms.stream().noneMatch(a -> a.flatness().isEmpty());
        md.append("| run | seeds | final test acc | Δ final |"
                + (validated ? " test acc at best validation epoch | Δ at best validation |" : "")
                + " best test acc (test-selected) | epochs | grad evals | wall time |"
                + (flat
                        ? " λmax | worst-case sharpness (ρ "
                                + arms.get(0).flatness().get(0).rho() + ") |"
                        : "")
                + "\n");
        md.append("|---|---:|---:|---:|" + (validated ? "---:|---:|" : "") + "---:|---:|---:|---:|"
                + (flat ? "---:|---:|" : "") + "\n");
        for (Arm arm : arms.stream()
                .sorted(Comparator.comparingDouble((Arm a) -> a.over(FINAL).mean())
                        .reversed())
                .toList()) {
            List<EpochMetrics> first = arm.runs().get(0);
            EpochMetrics last = first.get(first.size() - 1);
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s |%s%s %.2f %% | %d | %s | %.0f s |%s%n",
                    arm.label(),
                    seedList(arm),
                    accuracyAndDifference(arm, baseline, FINAL),
                    validated ? accuracyAndDifference(arm, baseline, AT_BEST_VALIDATION) : "",
                    100 * arm.over(BEST).mean(),
                    last.epoch(),
                    EpochMetrics.count(last.gradientEvaluations(), ","),
                    arm.over(r -> r.get(r.size() - 1).seconds()).mean(),
                    flat
                            ? " " + arm.flatness(Flatness::lambdaMax) + " | " + arm.flatness(Flatness::worstCase) + " |"
                            : ""));
        }
        if (flat) {
            md.append("\nFlatness of each final checkpoint (mean ± std over seeds; `sharpness.json` in each run folder:"
                    + " lower is flatter): λmax is the Hessian's largest eigenvalue, worst-case sharpness the largest"
                    + " training-loss increase found within the L2 ball.\n");
        }
        md.append("\n![test accuracy against epochs and against gradient evaluations](comparison.png)\n");
        md.append(
                "\n![each config's training and test loss and accuracy by epoch, mean and spread over seeds](curves.png)\n");
        md.append("\n## Configs\n");
        for (Arm arm : arms) {
            md.append("\n### ")
                    .append(arm.label())
                    .append("\n\nOne run per seed: ")
                    .append(seedList(arm))
                    .append(" (each run's own config.yaml is in its folder)\n\n```yaml\n")
                    .append(arm.config())
                    .append("```\n");
        }
        return md.toString();
    }

    /** Two cells: the accuracy's mean ± std, and its difference to the baseline's with the interval. */
    private static String accuracyAndDifference(Arm arm, Arm baseline, ToDoubleFunction<List<EpochMetrics>> accuracy) {
        return arm.over(accuracy).percentWithDifference(arm == baseline ? null : baseline.over(accuracy), "baseline");
    }

    private static String seedList(Arm arm) {
        return arm.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static byte[] chart(List<Arm> arms) throws IOException {
        XYChart byEpoch = Curves.chart("test accuracy by epoch", "test accuracy (%, mean over seeds)");
        XYChart byCost = Curves.chart("test accuracy by cost", "test accuracy (%, mean over seeds)");
        byCost.setXAxisTitle("gradient evaluations");
        byEpoch.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        byCost.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (Arm arm : arms) {
            int epochs = arm.runs().stream().mapToInt(List::size).min().orElse(0);
            double[] accuracy = new double[epochs];
            double[] epoch = new double[epochs];
            double[] cost = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                final int index = e;
                accuracy[e] = 100
                        * arm.runs().stream()
                                .mapToDouble(r -> r.get(index).testAccuracy())
                                .average()
                                .orElse(Double.NaN);
                epoch[e] = e + 1;
                cost[e] = arm.runs().get(0).get(e).gradientEvaluations();
            }
            byEpoch.addSeries(arm.label(), epoch, accuracy);
            byCost.addSeries(arm.label(), cost, accuracy);
        }
        return ChartFile.png(List.of(byEpoch, byCost));
    }
}
