package dev.samlab.api.sharpness;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.NonFiniteGradientException;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.tensor.Vectors;

/**
 * A gradient evaluation as every sharpness-aware step takes it: the loss's own weight decay added to the gradient
 * (SharpnessSettings' {@code lossWeightDecay}), then NaN or infinity refused, naming the step and the parameter. For
 * methods that implement {@code Optimizer} directly; {@link SharpnessAware} takes its gradients this way.
 */
public final class CheckedGradient {

    private CheckedGradient() {}

    /**
     * Evaluates {@code objective} at the current weights, adds λ·w to the gradient, and refuses a non-finite one.
     *
     * @param where where the weights are, for the refusal's message: "at the current weights"
     * @throws NonFiniteGradientException naming the first parameter whose gradient is not finite
     */
    public static Evaluation evaluate(
            Objective objective, Parameters parameters, StepContext context, double lossWeightDecay, String where) {
        Evaluation evaluation = objective.evaluate();
        addLossWeightDecay(parameters, lossWeightDecay);
        requireFinite(parameters, context, where);
        return evaluation;
    }

    /** g ← g + λ·w on every parameter; nothing for λ = 0. */
    public static void addLossWeightDecay(Parameters parameters, double lossWeightDecay) {
        if (lossWeightDecay > 0) {
            for (ParameterRun run : parameters.runs()) {
                Vectors.addScaled(run.gradients(), lossWeightDecay, run.values());
            }
        }
    }

    /** @throws NonFiniteGradientException naming the first parameter whose gradient holds NaN or infinity */
    public static void requireFinite(Parameters parameters, StepContext context, String where) {
        parameters.firstWithNonFiniteGradient().ifPresent(p -> {
            throw new NonFiniteGradientException(context.iteration(), p.name(), where);
        });
    }
}
