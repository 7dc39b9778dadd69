package dev.samlab.runner.report;

import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code report.md}: the run in a page. The headline is the final test accuracy; the best epoch on the test set is
 * shown too, labelled as what it is (chosen on the test set, so optimistic), never silently in its place.
 */
public final class Report {

    private Report() {}

    /**
     * @param resolvedConfig the run's config.yaml, quoted in full
     * @param labelNoise     what label noise did to the run's labels, where it has any
     */
    public static void write(
            Path file,
            String name,
            String resolvedConfig,
            List<EpochMetrics> epochs,
            int totalEpochs,
            Optional<String> labelNoise)
            throws IOException {
        EpochMetrics last = epochs.get(epochs.size() - 1);
        EpochMetrics best = epochs.stream()
                .max(Comparator.comparingDouble(EpochMetrics::testAccuracy))
                .orElseThrow();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append("\n\n");
        md.append(
                last.epoch() < totalEpochs
                        ? String.format(Locale.ROOT, "In progress: %d of %d epochs.%n%n", last.epoch(), totalEpochs)
                        : "");
        md.append(String.format(
                Locale.ROOT,
                "**Final test accuracy: %.2f %%** (epoch %d, test loss %.4f).%n%n",
                100 * last.testAccuracy(),
                last.epoch(),
                last.testLoss()));
        if (last.hasValidation()) {
            EpochMetrics chosen = EpochMetrics.chosenByValidation(epochs);
            md.append(String.format(
                    Locale.ROOT,
                    "Chosen on the validation split: epoch %d (validation accuracy"
                            + " %.2f %%), **test accuracy there %.2f %%**.%n%n",
                    chosen.epoch(),
                    100 * chosen.validationAccuracy(),
                    100 * chosen.testAccuracy()));
        }
        md.append(String.format(
                Locale.ROOT,
                "Best test accuracy over the epochs: %.2f %% at epoch %d. It is chosen"
                        + " on the test set, so it overstates what the run would give on new data: report the final"
                        + " accuracy, or choose epochs on a validation split.%n%n",
                100 * best.testAccuracy(),
                best.epoch()));
        md.append(String.format(
                Locale.ROOT,
                "Training took %.1f s and %s gradient evaluations (%,d steps).%n%n",
                last.seconds(),
                EpochMetrics.count(last.gradientEvaluations(), ","),
                last.step()));
        labelNoise.ifPresent(noise -> md.append("Trained on corrupted labels: ")
                .append(noise)
                .append(". \"train acc\" is on the labels trained on, \"clean\" on the true labels of the same"
                        + " images: train acc above clean is noise being memorised.\n\n"));
        md.append("![loss and accuracy by epoch](curves.png)\n\n");
        String clean = labelNoise.isPresent() ? " clean |" : "";
        md.append("| epoch | train loss | train acc |" + clean + " val acc | test loss | test acc | lr | seconds |"
                + " grad evals |\n");
        md.append("|---:|---:|---:|" + (clean.isEmpty() ? "" : "---:|") + "---:|---:|---:|---:|---:|---:|\n");
        for (EpochMetrics m : epochs) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.4f | %.2f %% |%s %s | %.4f | %.2f %% | %s | %.1f | %s |%n",
                    m.epoch(),
                    m.trainLoss(),
                    100 * m.trainAccuracy(),
                    clean.isEmpty() ? "" : String.format(Locale.ROOT, " %.2f %% |", 100 * m.trainCleanAccuracy()),
                    m.hasValidation() ? String.format(Locale.ROOT, "%.2f %%", 100 * m.validationAccuracy()) : "",
                    m.testLoss(),
                    100 * m.testAccuracy(),
                    m.learningRate().isPresent()
                            ? String.format(
                                    Locale.ROOT, "%.3g", m.learningRate().getAsDouble())
                            : "",
                    m.seconds(),
                    EpochMetrics.count(m.gradientEvaluations(), ",")));
        }
        md.append("\n## Config\n\n```yaml\n").append(resolvedConfig).append("```\n");
        AtomicFile.writeString(file, md.toString());
    }
}
