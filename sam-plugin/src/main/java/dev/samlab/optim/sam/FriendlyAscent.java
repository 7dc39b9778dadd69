package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Friendly SAM's ascent: d = g − σ·m, where m, a moving average of past gradients, stands for the full-batch gradient,
 * so that the ascent follows the batch's own noise; then m ← λ·m + (1 − λ)·g. The first ascent, with no average yet,
 * is SAM's and starts m at g, as the authors' code does.
 */
final class FriendlyAscent implements AscentRule {

    static final String AVERAGE = "m";

    private final double sigma;
    private final double lambda;

    FriendlyAscent(double sigma, double lambda) {
        this.sigma = sigma;
        this.lambda = lambda;
    }

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        boolean first = !state.has(AVERAGE, parameter);
        INDArray average = state.buffer(AVERAGE, parameter);
        INDArray g = parameter.gradient();
        if (first) {
            Vectors.copy(g, average);
            Vectors.copy(g, direction);
        } else {
            Vectors.copy(average, direction);
            Vectors.scale(direction, -sigma);
            Vectors.addScaled(direction, 1, g);
            Vectors.scale(average, lambda);
            Vectors.addScaled(average, 1 - lambda, g);
        }
        double norm = Vectors.norm(direction);
        return norm * norm;
    }
}
