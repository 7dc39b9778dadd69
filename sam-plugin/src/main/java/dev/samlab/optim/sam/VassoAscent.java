package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * VaSSO's ascent: along d ← (1 − θ)·d + θ·g, an exponential moving average of the gradients that suppresses the
 * variance of the batch's own gradient; the first step starts d at g, as the authors' code does (so its first ascent is
 * SAM's).
 */
final class VassoAscent implements AscentRule {

    static final String AVERAGE = "d";

    private final double theta;

    VassoAscent(double theta) {
        this.theta = theta;
    }

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        boolean first = !state.has(AVERAGE, parameter);
        INDArray average = state.buffer(AVERAGE, parameter);
        if (first) {
            Vectors.copy(parameter.gradient(), average);
        } else {
            Vectors.scale(average, 1 - theta);
            Vectors.addScaled(average, theta, parameter.gradient());
        }
        Vectors.copy(average, direction);
        double norm = Vectors.norm(direction);
        return norm * norm;
    }
}
