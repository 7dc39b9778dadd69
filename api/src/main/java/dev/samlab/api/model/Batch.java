package dev.samlab.api.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch ready for a model.
 *
 * @param features [examples, channels, height, width], normalized floats
 * @param targets  [examples, classes], a probability distribution per example: one-hot, or smoothed
 */
public record Batch(INDArray features, INDArray targets) {

    public Batch {
        if (features.size(0) != targets.size(0)) {
            throw new IllegalArgumentException(
                    "features hold " + features.size(0) + " examples but targets " + targets.size(0));
        }
    }

    public int size() {
        return (int) features.size(0);
    }
}
