package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Momentum-SAM's ascent: e = −ρ·v/‖v‖, v the base optimizer's momentum before this step's update (the authors' code
 * keeps the weights at w − ρ·v/‖v‖ between steps, the same point). It reads no gradient, so the step takes one pass:
 * g(w + e) alone. The first step, with no momentum yet, is not perturbed.
 */
final class MomentumAscent implements AscentRule {

    private final FirstOrderOptimizer base;

    MomentumAscent(FirstOrderOptimizer base) {
        this.base = base;
    }

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        Optional<INDArray> momentum = base.momentum(parameter);
        if (momentum.isEmpty()) {
            if (step.iteration() > 0) {
                throw new IllegalStateException("momentum-sam perturbs along the base optimizer's momentum, and its"
                        + " base keeps none for " + parameter.name() + ": use sgd with momentum > 0, or adam");
            }
            direction.assign(0);
            return 0;
        }
        Vectors.copy(momentum.get(), direction);
        Vectors.scale(direction, -1);
        double norm = Vectors.norm(direction);
        return norm * norm;
    }

    @Override
    public boolean readsGradient() {
        return false;
    }
}
