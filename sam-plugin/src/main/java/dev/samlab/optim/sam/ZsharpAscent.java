package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ZSharp's ascent: in each tensor of two or more dimensions, only the gradient's entries whose z-score (over that
 * tensor, standard deviation with n − 1) lies strictly above the tensor's {@code percentile} of |z| are kept, and that
 * filtered gradient F is scaled to length ρ on its own: e = ρ·F/(‖F‖ + ε). Vectors, and tensors whose filter keeps
 * nothing, are perturbed as SAM perturbs them, by the norm of the whole raw gradient. The core divides every d by
 * that norm (each tensor's share is its raw ‖g‖²), so a filtered tensor's d is F·‖g‖/‖F‖.
 */
final class ZsharpAscent implements AscentRule {

    private static final double EPSILON = 1e-12;

    private final double percentile;
    /** ‖g‖ over all parameters at the point this step's ascent starts from, plus ε. */
    private double gradientNorm;

    ZsharpAscent(double percentile) {
        this.percentile = percentile;
    }

    @Override
    public void beforeDirections(StepContext step, Parameters parameters, MethodState state) {
        gradientNorm = parameters.gradientNorm() + EPSILON;
    }

    @Override
    public double direction(
            StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
        INDArray g = parameter.gradient();
        Vectors.copy(g, direction);
        if (g.rank() > 1 && g.length() > 1) {
            keepTheLargestZScores(g, direction);
            double filteredNorm = Vectors.norm(direction);
            if (filteredNorm > 0) {
                Vectors.scale(direction, gradientNorm / (filteredNorm + EPSILON));
            } else {
                Vectors.copy(g, direction); // nothing stood out: SAM's perturbation
            }
        }
        double norm = Vectors.norm(g);
        return norm * norm;
    }

    /** Zeroes the entries of {@code direction} (a copy of g) whose |z| is not above the percentile of |z|. */
    private void keepTheLargestZScores(INDArray g, INDArray direction) {
        double[] values = g.dup('c').data().asDouble();
        int n = values.length;
        double mean = Arrays.stream(values).average().orElseThrow();
        double sumOfSquares =
                Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double deviation = Math.sqrt(sumOfSquares / (n - 1)) + EPSILON;
        double[] sorted = Arrays.stream(values)
                .map(v -> Math.abs(v - mean) / deviation)
                .sorted()
                .toArray();
        double position = percentile * (n - 1); // linear interpolation between order statistics, as torch.quantile
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, n - 1);
        double threshold = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        INDArray kept = Transforms.abs(g.sub(mean), false).divi(deviation).gt(threshold);
        direction.muli(kept.castTo(direction.dataType()));
    }
}
