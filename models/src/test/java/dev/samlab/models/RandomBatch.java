package dev.samlab.models;

import dev.samlab.api.model.Batch;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Square 3-channel images of standard normal pixels with one-hot random labels, reproducible by seed. */
final class RandomBatch {

    private RandomBatch() {}

    static Batch of(int examples, int size, int classes, DataType type, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(type, examples, 3, size, size);
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(type, examples, classes);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(classes), 1.0);
        }
        return new Batch(features, targets);
    }
}
