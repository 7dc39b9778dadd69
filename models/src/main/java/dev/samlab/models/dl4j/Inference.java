package dev.samlab.models.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a {@link GraphModel} computes class probabilities in inference mode: DL4J's own forward pass, or a faster
 * path that computes the same function from the same parameters (read afresh at every call).
 */
public interface Inference extends AutoCloseable {

    /** Class probabilities, one row per example of {@code features} (float32, like the model's parameters). */
    INDArray probabilities(INDArray features);

    /** Frees what it holds outside the Java heap. */
    @Override
    default void close() {}
}
