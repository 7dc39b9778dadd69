package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.sharpness.DescentRule;
import dev.samlab.api.sharpness.Gradients;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * WSAM's descent, with a = γ/(1 − γ), g = ∇L(w), g_p = ∇L(w + e). Coupled: the base steps with
 * g + a·(g_p − g) = a·g_p + (1 − a)·g. Decoupled: the base steps with g, then w ← w − lr·a·(g_p − g), lr the base's
 * learning rate, as the authors' code. a = 1 (γ = 0.5) is SAM (decoupled: with a base without momentum).
 */
final class WeightedDescent implements DescentRule {

    private final double weight;
    private final boolean decoupled;

    WeightedDescent(double weight, boolean decoupled) {
        this.weight = weight;
        this.decoupled = decoupled;
    }

    @Override
    public void afterAscent(Gradients gradients, MethodState state) {
        for (Parameter p : gradients.parameters()) {
            INDArray atWeights = gradients.atWeights(p);
            if (decoupled) { // gradient ← g; atWeights ← g_p − g, the sharpness term, for afterUpdate
                INDArray perturbed = gradients.scratch(p);
                Vectors.copy(p.gradient(), perturbed);
                Vectors.copy(atWeights, p.gradient());
                Vectors.scale(atWeights, -1);
                Vectors.addScaled(atWeights, 1, perturbed);
            } else {
                Vectors.scale(p.gradient(), weight);
                Vectors.addScaled(p.gradient(), 1 - weight, atWeights);
            }
        }
    }

    @Override
    public void afterUpdate(Gradients gradients, MethodState state, double learningRate) {
        if (decoupled) {
            if (Double.isNaN(learningRate)) {
                throw new IllegalStateException("decoupled WSAM steps with the base optimizer's learning rate, and"
                        + " this base reports none: set decoupled: false");
            }
            for (Parameter p : gradients.parameters()) {
                Vectors.addScaled(p.value(), -learningRate * weight, gradients.atWeights(p));
            }
        }
    }
}
