package dev.samlab.api.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch ready for a model.
 *
 * @param features    [examples, channels, height, width], normalized floats
 * @param targets     [examples, classes], a probability distribution per example: one-hot, or smoothed
 * @param cleanLabels [examples], each example's true class where {@code targets} were corrupted on purpose (label
 *                    noise), so that a model counts its correct predictions against both ({@link
 *                    Evaluation#cleanCorrect()}); {@code null} when the targets are the true labels
 */
public record Batch(INDArray features, INDArray targets, INDArray cleanLabels) {

    public Batch {
        if (features.size(0) != targets.size(0)) {
            throw new IllegalArgumentException(
                    "features hold " + features.size(0) + " examples but targets " + targets.size(0));
        }
        if (cleanLabels != null && cleanLabels.length() != features.size(0)) {
            throw new IllegalArgumentException(
                    "features hold " + features.size(0) + " examples but clean labels " + cleanLabels.length());
        }
    }

    /** A batch whose targets are the true labels. */
    public Batch(INDArray features, INDArray targets) {
        this(features, targets, null);
    }

    public int size() {
        return (int) features.size(0);
    }
}
