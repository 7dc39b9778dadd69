package dev.samlab.runner.train;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One row of {@code metrics.csv}. {@code step}, {@code seconds} and {@code gradientEvaluations} count from the
 * start of the run, so curves can be drawn against time or against gradient evaluations (SAM costs two per
 * step).
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, OptionalDouble learningRate, double seconds, long gradientEvaluations) {

    public static final String HEADER = "epoch,step,train_loss,train_acc,test_loss,test_acc,lr,seconds,grad_evals";

    public String csv() {
        return String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%s,%.3f,%d", epoch, step, trainLoss,
                trainAccuracy, testLoss, testAccuracy,
                learningRate.isPresent() ? String.format(Locale.ROOT, "%.6g", learningRate.getAsDouble()) : "",
                seconds, gradientEvaluations);
    }
}
