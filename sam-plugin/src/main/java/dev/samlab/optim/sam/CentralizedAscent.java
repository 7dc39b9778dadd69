package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GCSAM's ascent: d = the gradient centralized per output unit (its mean over each output unit's inputs taken out) for
 * tensors of two or more dimensions, the gradient itself for vectors; divided by the norm of the raw gradient, so
 * ‖e‖ ≤ ρ, as the authors' code does. Output units lie along the last axis of a dense matrix [in, out] and the first
 * of a convolution kernel [out, in, kh, kw] (the layouts of {@link dev.samlab.api.model.ParameterRole#WEIGHT}).
 */
final class CentralizedAscent implements AscentRule {

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        INDArray g = parameter.gradient();
        Vectors.copy(g, direction);
        if (g.rank() == 2) {
            direction.subiRowVector(g.mean(true, 0));
        } else if (g.rank() > 2) {
            int[] inputs = new int[g.rank() - 1];
            for (int axis = 1; axis < g.rank(); axis++) {
                inputs[axis - 1] = axis;
            }
            Nd4j.getExecutioner().exec(new BroadcastSubOp(direction, g.mean(inputs), direction, 0));
        }
        double norm = Vectors.norm(g);
        return norm * norm;
    }
}
