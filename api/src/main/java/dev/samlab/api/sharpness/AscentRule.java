package dev.samlab.api.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Seam 1 of {@link SharpnessAware}: where the ascent step e points. The core takes, over every perturbed parameter,
 * e = ρ · d / (√(Σ n) + ε), where this rule writes each parameter's direction d and returns its share n of the
 * squared norm. SAM: d = g, n = ‖g‖² ({@link #GRADIENT}); ASAM: d = T²g, n = ‖T g‖² ({@link AdaptiveScale}).
 */
@FunctionalInterface
public interface AscentRule {

    /** SAM's: straight up the gradient, d = g, read where it is. */
    AscentRule GRADIENT = new AscentRule() {
        @Override
        public double direction(
                StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
            double norm = Vectors.norm(parameter.gradient());
            return norm * norm;
        }

        @Override
        public boolean pointsAlongGradient() {
            return true;
        }
    };

    /**
     * @param step      the step being taken (its iteration, for rules that draw at random)
     * @param parameter its {@code gradient()} holds g = ∇L(w) and its {@code value()} w; neither may be changed
     * @param direction where d goes, shaped like the parameter
     * @param scratch   a buffer shaped like the parameter, free to overwrite
     * @param state     the method's own state (momenta, Fisher estimates), checkpointed with the run
     * @return this parameter's share of the squared norm that d is divided by
     */
    double direction(StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state);

    /**
     * Called once before {@link #direction} is asked for each parameter, at the point the ascent starts from: for rules
     * that need something of all the parameters at once (ZSharp's global gradient norm). Nothing unless overridden.
     */
    default void beforeDirections(StepContext step, Parameters parameters, MethodState state) {}

    /**
     * Whether d is g itself: the rule then writes nothing into {@code direction}, and the core ascends along the
     * gradient, which spares a copy of every tensor.
     */
    default boolean pointsAlongGradient() {
        return false;
    }

    /**
     * Whether the direction depends on g(w). A rule that does not (Momentum-SAM's, along the base's momentum) spares
     * the step its first pass: the core evaluates at w + e only, and {@code gradient()} holds no g(w) here.
     */
    default boolean readsGradient() {
        return true;
    }
}
