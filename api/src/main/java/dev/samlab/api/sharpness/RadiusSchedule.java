package dev.samlab.api.sharpness;

import dev.samlab.api.optimizer.StepContext;

/**
 * Seam 3 of {@link SharpnessAware}: ρ for this step, and with it whether the step takes the second pass at all
 * (ρ = 0: one pass, the base optimizer's step, through {@link DescentRule#withoutAscent}). GSAM grows and shrinks
 * ρ with the learning rate; interval SAM and LookSAM ascend every k steps only.
 */
@FunctionalInterface
public interface RadiusSchedule {

    /** The same ρ at every step. */
    static RadiusSchedule constant(double rho) {
        return step -> rho;
    }

    /**
     * ρ proportional to the learning rate, as GSAM's: ρ_t = ρ_min + (ρ_max − ρ_min) · f_t, where f_t is the
     * schedule's learning-rate factor (1 at the peak, falling towards 0).
     */
    static RadiusSchedule withLearningRate(double rhoMin, double rhoMax) {
        return step -> rhoMin + (rhoMax - rhoMin) * step.learningRateFactor();
    }

    /** @return ρ ≥ 0 for the step described by {@code step}; 0 skips the second pass */
    double rho(StepContext step);
}
