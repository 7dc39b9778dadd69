package dev.samlab.api.optimizer;

import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameters;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates a model's parameters, one mini-batch at a time. An optimizer is built for one run and keeps its
 * state (moments, step counts) keyed by parameter name, allocating it on the first step.
 */
public interface Optimizer {

    /** Evaluates {@code objective} as often as the method needs and updates every parameter in place. */
    StepReport step(Parameters parameters, Objective objective, StepContext context);

    /**
     * The state a checkpoint must hold to continue exactly, as named arrays (scalars as 0-d arrays). The arrays
     * may be live: write them out before the next step.
     */
    Map<String, INDArray> state();

    /** Replaces the state with one {@link #state()} returned, possibly in another process. */
    void restoreState(Map<String, INDArray> state);

    /** The step size this optimizer applies under {@code context}, for logs and metrics; empty if it has none. */
    default OptionalDouble learningRate(StepContext context) {
        return OptionalDouble.empty();
    }
}
