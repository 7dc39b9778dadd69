package dev.samlab.api.optimizer;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer whose step is a function of one gradient (SGD, Adam). Wrapping optimizers such as SAM compose
 * with any of them: they put the gradient they want followed into {@code Parameter.gradient()} and call
 * {@link #update}.
 */
public interface FirstOrderOptimizer extends Optimizer {

    /** Updates every parameter from the gradient it currently holds, advancing this optimizer's state once. */
    void update(Parameters parameters, StepContext context);

    /**
     * The running average of gradients this optimizer steps along for {@code parameter} (SGD's momentum buffer,
     * Adam's first moment), pointing uphill as the gradient does; Momentum-SAM perturbs along it. A live array: read
     * it, never write it.
     *
     * @return empty if this optimizer keeps none, or has not stepped yet
     */
    default Optional<INDArray> momentum(Parameter parameter) {
        return Optional.empty();
    }

    /** One evaluation, then {@link #update}; a NaN or infinite gradient is refused before any weight moves. */
    @Override
    default StepReport step(Parameters parameters, Objective objective, StepContext context) {
        Evaluation evaluation = objective.evaluate();
        parameters.firstWithNonFiniteGradient().ifPresent(p -> {
            throw new NonFiniteGradientException(context.iteration(), p.name(), "at the current weights");
        });
        update(parameters, context);
        return new StepReport(evaluation, 1);
    }
}
