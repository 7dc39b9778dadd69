package dev.samlab.runner.train;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One row of {@code metrics.csv}. {@code step}, {@code seconds} and {@code gradientEvaluations} count from the
 * start of the run, so curves can be drawn against time or against gradient evaluations (SAM costs two per
 * step, ESAM a fraction more than one). The validation columns are NaN (empty in the file) when the run holds out no validation split.
 *
 * @param trainCleanAccuracy with label noise, the training accuracy on the training split's clean labels, from the
 *                           same forward passes as {@code trainAccuracy} (on the noisy labels trained on): the gap
 *                           between the two is memorised noise; NaN (empty in the file) without label noise
 */
public record EpochMetrics(
        int epoch,
        long step,
        double trainLoss,
        double trainAccuracy,
        double testLoss,
        double testAccuracy,
        OptionalDouble learningRate,
        double seconds,
        double gradientEvaluations,
        double validationLoss,
        double validationAccuracy,
        double trainCleanAccuracy) {

    public static final String HEADER =
            "epoch,step,train_loss,train_acc,test_loss,test_acc,lr,seconds,grad_evals,val_loss,val_acc,"
                    + "train_clean_acc";

    public boolean hasLabelNoise() {
        return !Double.isNaN(trainCleanAccuracy);
    }

    public boolean hasValidation() {
        return !Double.isNaN(validationAccuracy);
    }

    /** The epoch a validation split picks: the highest validation accuracy, the first of equals. */
    public static EpochMetrics chosenByValidation(List<EpochMetrics> epochs) {
        return epochs.stream()
                .max(Comparator.comparingDouble(EpochMetrics::validationAccuracy))
                .orElseThrow();
    }

    /** Reads a row {@link #csv()} wrote (or one of before train_clean_acc, which has no label noise). */
    public static EpochMetrics parse(String row) {
        String[] f = row.split(",", -1);
        return new EpochMetrics(
                Integer.parseInt(f[0]),
                Long.parseLong(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                f[6].isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(f[6])),
                Double.parseDouble(f[7]),
                Double.parseDouble(f[8]),
                optional(f[9]),
                optional(f[10]),
                f.length > 11 ? optional(f[11]) : Double.NaN);
    }

    private static double optional(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    public String csv() {
        return String.format(
                Locale.ROOT,
                "%d,%d,%.6f,%.6f,%.6f,%.6f,%s,%.3f,%s,%s,%s,%s",
                epoch,
                step,
                trainLoss,
                trainAccuracy,
                testLoss,
                testAccuracy,
                learningRate.isPresent() ? String.format(Locale.ROOT, "%.6g", learningRate.getAsDouble()) : "",
                seconds,
                count(gradientEvaluations, ""),
                optional(validationLoss),
                optional(validationAccuracy),
                optional(trainCleanAccuracy));
    }

    /**
     * A count of gradient evaluations: whole, or with the fractions that evaluations of part of a batch add.
     *
     * @param grouping {@code ","} to group thousands, as reports do; {@code ""} for files
     */
    public static String count(double gradientEvaluations, String grouping) {
        return gradientEvaluations == Math.rint(gradientEvaluations)
                ? String.format(Locale.ROOT, "%" + grouping + "d", (long) gradientEvaluations)
                : String.format(Locale.ROOT, "%" + grouping + ".2f", gradientEvaluations);
    }

    private static String optional(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
