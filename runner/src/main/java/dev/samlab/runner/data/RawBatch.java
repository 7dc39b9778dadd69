package dev.samlab.runner.data;

import dev.samlab.api.model.Batch;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch assembled as plain float arrays, off the training thread; becomes ND4J arrays on it.
 *
 * @param cleanLabels each example's true class where the targets carry label noise, else null
 */
record RawBatch(float[] features, long[] featureShape, float[] targets, long[] targetShape, float[] cleanLabels) {

    Batch toBatch() {
        return new Batch(
                Nd4j.create(features, featureShape, 'c'),
                Nd4j.create(targets, targetShape, 'c'),
                cleanLabels == null ? null : Nd4j.create(cleanLabels, new long[] {cleanLabels.length}, 'c'));
    }
}
