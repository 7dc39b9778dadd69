package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.sharpness.DescentRule;
import dev.samlab.api.sharpness.Gradients;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;

/**
 * GSAM's descent: with g = ∇L(w) and g_p = ∇L(w + e), step along d = g_p − α·g⊥, where g⊥ = g − (⟨g, g_p⟩/‖g_p‖²)·g_p
 * is the part of g orthogonal to g_p. Moving against g⊥ lowers the surrogate gap L(w + e) − L(w) without changing
 * the descent along g_p. α = 0 is SAM.
 */
final class SurrogateGapDescent implements DescentRule {

    private final double alpha;

    SurrogateGapDescent(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public void afterAscent(Gradients gradients, MethodState state) {
        if (alpha == 0) {
            return;
        }
        gradients.orthogonalPart(gradients::atWeights, Parameter::gradient, gradients::scratch);
        for (Parameter p : gradients.parameters()) {
            Vectors.addScaled(p.gradient(), -alpha, gradients.scratch(p));
        }
    }
}
