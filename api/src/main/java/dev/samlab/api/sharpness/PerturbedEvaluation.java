package dev.samlab.api.sharpness;

import dev.samlab.api.model.Objective;

/**
 * Seam 4 of {@link SharpnessAware}: which examples the second pass evaluates at w + e. SAM's takes the whole batch
 * ({@link #WHOLE_BATCH}); ESAM's only the examples whose loss the ascent raised most.
 */
public interface PerturbedEvaluation {

    /** SAM's: the whole batch. */
    PerturbedEvaluation WHOLE_BATCH = objective -> {
        objective.evaluate();
        return 1;
    };

    /** Called at w, after the first pass and before the ascent; nothing unless overridden. */
    default void beforeAscent(Objective objective) {}

    /**
     * At w + e: evaluates {@code objective}, or part of it, leaving the gradient in the parameters.
     *
     * @return the fraction of the batch the evaluation covered, for the step's count of gradient evaluations
     */
    double evaluate(Objective objective);
}
