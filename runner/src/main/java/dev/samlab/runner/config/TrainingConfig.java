package dev.samlab.runner.config;

import static dev.samlab.api.InvalidConfigException.check;

/**
 * How long and on what batches to train.
 *
 * @param epochs         passes over the training split (default 10)
 * @param batchSize      training examples per step (default 128)
 * @param labelSmoothing weight moved from the true class to a uniform distribution over all classes in the
 *                       training targets (default 0: plain one-hot cross-entropy)
 */
public record TrainingConfig(Integer epochs, Integer batchSize, Double labelSmoothing) {

    public TrainingConfig {
        epochs = epochs == null ? 10 : epochs;
        batchSize = batchSize == null ? 128 : batchSize;
        labelSmoothing = labelSmoothing == null ? 0.0 : labelSmoothing;
        check(epochs > 0, "epochs", "must be > 0, got " + epochs);
        check(batchSize > 0, "batchSize", "must be > 0, got " + batchSize);
        check(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", "must be in [0, 1), got " + labelSmoothing);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null);
    }
}
