package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fisher SAM's ascent: the steepest ascent in the ball eᵀfe ≤ ρ² of the diagonal empirical Fisher f = 1 + η·g²,
 * e = ρ·f⁻¹g / √(gᵀf⁻¹g): coordinates where the gradient is large (the model's output is sensitive) move less.
 */
final class FisherAscent implements AscentRule {

    private final double eta;

    FisherAscent(double eta) {
        this.eta = eta;
    }

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        INDArray g = parameter.gradient();
        INDArray fisher = scratch.assign(g).muli(g).muli(eta).addi(1);
        direction.assign(g).divi(fisher);
        return Vectors.dot(g, direction);
    }
}
