package dev.samlab.runner.train;

import dev.samlab.api.model.Evaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run stands, as a checkpoint records it: enough, with the model and optimizer state, to continue exactly.
 * The data order and augmentation of an epoch follow from the seed and the epoch number, so the position in the
 * data is the epoch and the number of its batches already done.
 *
 * @param epoch               the epoch in progress (counted from 0); equal to the epoch count when the run is done
 * @param batchesDone         batches of that epoch already trained on
 * @param step                steps taken over the run
 * @param gradientEvaluations gradient evaluations over the run
 * @param seconds             training time over the run, all sessions together
 * @param epochTotals         the running loss and accuracy sums of the epoch in progress
 * @param rows                the metrics.csv rows of finished epochs
 */
public record Progress(
        int epoch,
        int batchesDone,
        long step,
        double gradientEvaluations,
        double seconds,
        Totals epochTotals,
        List<String> rows) {

    public static final Progress START = new Progress(0, 0, 0, 0, 0, Totals.NONE, List.of());

    public Progress {
        rows = List.copyOf(rows);
    }

    /**
     * Example-weighted sums over the batches of an epoch.
     *
     * @param cleanCorrect correct against the clean labels (the same as {@code correct} without label noise)
     */
    public record Totals(double lossSum, long correct, long examples, int batches, long cleanCorrect) {

        public static final Totals NONE = new Totals(0, 0, 0, 0, 0);

        Totals add(Evaluation evaluation) {
            return new Totals(
                    lossSum + evaluation.loss() * evaluation.examples(),
                    correct + evaluation.correct(),
                    examples + evaluation.examples(),
                    batches + 1,
                    cleanCorrect + evaluation.cleanCorrect());
        }

        public double loss() {
            return examples == 0 ? Double.NaN : lossSum / examples;
        }

        public double accuracy() {
            return examples == 0 ? Double.NaN : (double) correct / examples;
        }

        public double cleanAccuracy() {
            return examples == 0 ? Double.NaN : (double) cleanCorrect / examples;
        }
    }

    Progress afterStep(Totals totals, double gradientEvaluationsThisStep, double secondsNow) {
        return new Progress(
                epoch,
                batchesDone + 1,
                step + 1,
                gradientEvaluations + gradientEvaluationsThisStep,
                secondsNow,
                totals,
                rows);
    }

    Progress afterEpoch(EpochMetrics row) {
        List<String> finished = new ArrayList<>(rows);
        finished.add(row.csv());
        return new Progress(
                epoch + 1, 0, step, gradientEvaluations, row.seconds(), new Totals(0, 0, 0, 0, 0), finished);
    }

    /** The finished epochs. */
    public List<EpochMetrics> metrics() {
        return rows.stream().map(EpochMetrics::parse).toList();
    }
}
