package dev.samlab.api.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trainable classifier. Not thread-safe: one training loop drives it. */
public interface Model extends AutoCloseable {

    /** The trainable parameters; the same views for the model's whole life. */
    Parameters parameters();

    /**
     * Non-trainable state the outputs depend on, such as batch-norm running statistics: views into the model's own
     * storage, the same for its whole life, in a fixed order; empty by default. Optimizers never see them; analyses
     * that move a model from one solution to another move them too.
     */
    default List<INDArray> buffers() {
        return List.of();
    }

    /** The training-mode loss on {@code batch}, to hand to an optimizer. */
    Objective objective(Batch batch);

    /**
     * The loss on {@code batch} in inference mode (normalization with its running statistics, no dropout) as an
     * objective: each evaluation returns the mean loss, as {@link #evaluate} would, and writes its gradient into
     * the parameters' gradients; nothing else changes. This is a function of the weights alone, which flatness
     * measures (Hessians, sharpness) differentiate. Optional: models that cannot provide it throw
     * {@link UnsupportedOperationException}.
     */
    default Objective inferenceObjective(Batch batch) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no inference-mode gradient");
    }

    /** Mean loss and correct count in inference mode (running statistics, no dropout); changes nothing. */
    Evaluation evaluate(Batch batch);

    /** Class probabilities [examples, classes] in inference mode. */
    INDArray predict(INDArray features);

    /** Writes the full state: parameters and non-trainable state such as running statistics. */
    void save(OutputStream out) throws IOException;

    /** Restores what {@link #save} wrote, into the existing parameter views. */
    void load(InputStream in) throws IOException;

    /** Releases native resources. */
    @Override
    default void close() {}
}
