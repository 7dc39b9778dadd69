package dev.samlab.models.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training-mode pass over a whole batch that a {@link GraphModel} can run instead of DL4J's: the same function of
 * the same parameters (batch statistics in batch norm), with gradients written into the same views. The model
 * computes the loss and its gradient with respect to the logits between the two halves.
 */
public interface Training extends AutoCloseable {

    /**
     * Class probabilities, one row per example of {@code features} (float32), keeping what {@link #backward} needs;
     * moves batch norm's running statistics towards this batch's when {@code updateStatistics}.
     */
    INDArray forward(INDArray features, boolean updateStatistics);

    /**
     * From the gradient of the loss with respect to the softmax's input (one row per example), overwrites the
     * gradient view of every parameter with the gradient of that loss.
     */
    void backward(INDArray logitGradient);

    /** Frees what it holds outside the Java heap. */
    @Override
    default void close() {}
}
