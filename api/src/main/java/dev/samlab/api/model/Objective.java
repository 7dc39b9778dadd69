package dev.samlab.api.model;

/**
 * The training loss on one mini-batch, as a closure an optimizer may evaluate several times in a step (SAM
 * evaluates it twice: at w and at w + e).
 *
 * <p>Each evaluation runs the model in training mode at the parameters' current values, returns the mean
 * loss, and overwrites every {@link Parameter#gradient()} with the gradient of that mean. Only the first
 * evaluation of a step (across this objective and its sub-batches) updates batch-norm running statistics;
 * later ones, at perturbed weights, leave them as they were.
 */
public interface Objective {

    Evaluation evaluate();

    /** Number of examples in the batch. */
    int batchSize();

    /**
     * The same objective restricted to examples {@code [from, to)}, for per-sub-batch perturbations
     * (m-sharpness). Its evaluations count as evaluations of this step.
     */
    Objective subBatch(int from, int to);

    /**
     * The same objective restricted to the examples at {@code indices} (ESAM's sharpest examples). Its evaluations
     * count as evaluations of this step.
     *
     * @throws UnsupportedOperationException if this objective cannot select examples
     */
    default Objective subset(int[] indices) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot select examples by index");
    }

    /**
     * Each example's loss at the current weights, in batch order: a forward pass in training mode that computes no
     * gradient and leaves batch-norm statistics alone (ESAM compares them before and after the ascent).
     *
     * @throws UnsupportedOperationException if this objective gives no per-example losses
     */
    default double[] exampleLosses() {
        throw new UnsupportedOperationException(getClass().getName() + " gives no per-example losses");
    }
}
