package dev.samlab.api.sharpness;

/**
 * Seam 2 of {@link SharpnessAware}: from the gradients at w and at w + e to the gradient the base optimizer steps
 * with. SAM follows g(w + e) as it is ({@link #PERTURBED_GRADIENT}); GSAM subtracts part of g(w) orthogonal to it;
 * WSAM weighs the two; LookSAM reuses, on steps without a second pass, what it learnt on the last one. With several
 * ascent steps it may see the gradient at every point the ascent reached ({@link #atAscentPoint}).
 */
public interface DescentRule {

    /** SAM's: the base steps with g(w + e). */
    DescentRule PERTURBED_GRADIENT = (gradients, state) -> {};

    /**
     * After the second pass: each parameter's {@code gradient()} holds g(w + e) and {@link Gradients#atWeights}
     * g(w); leave in {@code gradient()} what the base optimizer should step with.
     */
    void afterAscent(Gradients gradients, MethodState state);

    /**
     * With several {@link AscentSteps}, after the pass at each point but the last: {@code gradient()} holds g(w + e_i)
     * at the point the i-th step reached, which the next step reads, so read it and leave it; {@link
     * Gradients#atWeights} holds g(w). For rules that use every perturbed gradient (an average over the ascent path);
     * the last one comes to {@link #afterAscent}. The next ascent step overwrites {@link Gradients#scratch}: what the
     * rule keeps until then goes in {@code state}. Nothing unless overridden.
     *
     * @param step i, from 1 to k − 1
     */
    default void atAscentPoint(int step, Gradients gradients, MethodState state) {}

    /**
     * On a step the {@link RadiusSchedule} runs without a second pass (ρ = 0 for this step): {@code gradient()}
     * holds g(w). Leaves it as it is unless overridden.
     */
    default void withoutAscent(Gradients gradients, MethodState state) {}

    /**
     * After the base optimizer's update of a step that ascended: a move of the method's own, outside the base's
     * update (WSAM's decoupled sharpness term). {@link Gradients#atWeights} still holds what {@link #afterAscent}
     * left there. Nothing unless overridden.
     *
     * @param learningRate the base optimizer's step size for this step; NaN if the base reports none
     */
    default void afterUpdate(Gradients gradients, MethodState state, double learningRate) {}
}
