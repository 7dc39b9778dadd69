package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fisher SAM's ascent: the steepest ascent in the ball eᵀfe ≤ ρ² of the diagonal empirical Fisher f = 1 + η·g²,
 * e = ρ·f⁻¹g / √(gᵀf⁻¹g): coordinates where the gradient is large (the model's output is sensitive) move less.
 * One loop in Java per tensor where {@link Vectors#loopable} allows (float32 on the CPU), ND4J's operations elsewhere.
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
        if (Vectors.loopable(g, direction)) {
            FloatBuffer gs = Vectors.floats(g);
            FloatBuffer ds = Vectors.floats(direction);
            double share = 0;
            for (int i = 0; i < gs.limit(); i++) {
                double gi = gs.get(i);
                float di = (float) (gi / (1 + eta * gi * gi));
                ds.put(i, di);
                share += gi * di;
            }
            return share;
        }
        INDArray fisher = scratch.assign(g).muli(g).muli(eta).addi(1);
        direction.assign(g).divi(fisher);
        return Vectors.dot(g, direction);
    }
}
