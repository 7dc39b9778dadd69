package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ESAM's stochastic weight perturbation: each parameter tensor is perturbed with probability β, drawn anew each step,
 * and e = (ρ/β)·g_S/‖g_S‖ over the drawn tensors S, as the authors' code (which also leaves the others out of the
 * norm). The draw depends on the seed, the step and the parameter's name only, so a resumed run draws the same.
 */
final class StochasticWeightPerturbation implements AscentRule {

    private final double beta;
    private final long seed;

    StochasticWeightPerturbation(double beta, long seed) {
        this.beta = beta;
        this.seed = seed;
    }

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        if (!drawn(step.iteration(), parameter.name())) {
            direction.assign(0);
            return 0;
        }
        Vectors.copy(parameter.gradient(), direction);
        double norm = Vectors.norm(direction);
        Vectors.scale(direction, 1 / beta);
        return norm * norm;
    }

    private boolean drawn(long iteration, String name) {
        long stream = seed ^ (iteration * 0x9E3779B97F4A7C15L) ^ ((long) name.hashCode() << 32);
        return beta == 1 || new SplittableRandom(stream).nextDouble() < beta;
    }
}
