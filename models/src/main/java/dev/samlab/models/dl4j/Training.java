package dev.samlab.models.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pass with gradients over a whole batch that a {@link GraphModel} can run instead of DL4J's: the same function of
 * the same parameters, in training or inference mode, with gradients written into the same views. The model
 * computes the loss and its gradient with respect to the logits between the two halves.
 */
public interface Training extends AutoCloseable {

    /** What batch norm normalizes with in a pass. */
    enum Mode {
        /** The batch's statistics, and the running statistics move towards them: a step's first pass. */
        TRAINING_UPDATING_STATISTICS,
        /** The batch's statistics; the running statistics stay as they are. */
        TRAINING,
        /** The running statistics (inference mode): the loss is then a function of the weights alone. */
        INFERENCE
    }

    /**
     * Class probabilities, one row per example of {@code features} (float32), keeping what {@link #backward} needs.
     */
    INDArray forward(INDArray features, Mode mode);

    /**
     * From the gradient of the loss with respect to the softmax's input (one row per example), overwrites the
     * gradient view of every parameter with the gradient of that loss.
     */
    void backward(INDArray logitGradient);

    /** Frees what it holds outside the Java heap. */
    @Override
    default void close() {}
}
