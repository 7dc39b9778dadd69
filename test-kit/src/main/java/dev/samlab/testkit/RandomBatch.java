package dev.samlab.testkit;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Images of standard normal pixels with one-hot random labels, reproducible by seed. */
public final class RandomBatch {

    private RandomBatch() {}

    /** Square 3-channel images {@code size} pixels on a side. */
    public static Batch of(int examples, int size, int classes, DataType type, long seed) {
        return of(examples, new ImageShape(3, size, size), classes, type, seed);
    }

    /** Images of {@code shape}: features [examples, channels, height, width], targets [examples, classes]. */
    public static Batch of(int examples, ImageShape shape, int classes, DataType type, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(type, examples, shape.channels(), shape.height(), shape.width());
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
