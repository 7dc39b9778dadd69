package dev.samlab.runner.sharpness;

import dev.samlab.api.model.Batch;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small batches of 1×3×3 Gaussian images with random labels of 3 classes, in double precision, for tiny models. */
public final class TinyBatches {

    private TinyBatches() {}

    public static Batch random(int examples, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(DataType.DOUBLE, examples, 1, 3, 3);
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, examples, 3);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(3), 1);
        }
        return new Batch(features, targets);
    }
}
