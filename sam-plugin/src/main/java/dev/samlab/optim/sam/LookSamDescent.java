package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.sharpness.DescentRule;
import dev.samlab.api.sharpness.Gradients;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.tensor.Vectors;

/**
 * LookSAM's descent. On a SAM step it follows g_s = ∇L(w + e), as SAM, and keeps g_v = g_s − (⟨g_s, g⟩/‖g‖²)·g, the
 * part of g_s orthogonal to g = ∇L(w): the direction towards flatter regions. On the steps between, with only g at
 * hand, it follows g + α·(‖g‖/‖g_v‖)·g_v.
 */
final class LookSamDescent implements DescentRule {

    static final String FLAT_DIRECTION = "gv";

    private final double alpha;

    LookSamDescent(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public void afterAscent(Gradients gradients, MethodState state) {
        gradients.orthogonalPart(Parameter::gradient, gradients::atWeights, p -> state.buffer(FLAT_DIRECTION, p));
    }

    @Override
    public void withoutAscent(Gradients gradients, MethodState state) {
        if (gradients.parameters().stream().anyMatch(p -> !state.has(FLAT_DIRECTION, p))) {
            return; // no SAM step yet
        }
        double flatNorm =
                Math.sqrt(gradients.dot(p -> state.buffer(FLAT_DIRECTION, p), p -> state.buffer(FLAT_DIRECTION, p)));
        if (flatNorm == 0) {
            return;
        }
        double scale = alpha * Math.sqrt(gradients.dot(Parameter::gradient, Parameter::gradient)) / flatNorm;
        for (Parameter p : gradients.parameters()) {
            Vectors.addScaled(p.gradient(), scale, state.buffer(FLAT_DIRECTION, p));
        }
    }
}
