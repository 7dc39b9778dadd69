package dev.samlab.api.sharpness;

import dev.samlab.api.optimizer.StepContext;
import java.util.SplittableRandom;

/**
 * Seam 3 of {@link SharpnessAware}: ρ for this step, and with it whether the step takes the second pass at all
 * (ρ = 0: one pass, the base optimizer's step, through {@link DescentRule#withoutAscent}). {@link #of} reads it from
 * the shared keys: every k-th step, with a probability, from an epoch on, ρ constant or following the learning rate.
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

    /**
     * What {@code settings} ask for: ρ on the steps that take the second pass, 0 on the others. A step takes it from
     * {@code startEpoch} on, when its iteration is a multiple of {@code every}, and then with {@code probability}: a
     * draw that depends on the seed and the iteration alone, so that a resumed run draws as the uninterrupted one.
     */
    static RadiusSchedule of(SharpnessSettings settings, long seed) {
        RadiusSchedule size = settings.rhoSchedule() == SharpnessSettings.RhoSchedule.LEARNING_RATE
                ? withLearningRate(settings.rhoMin(), settings.rho())
                : constant(settings.rho());
        return step -> step.epoch() >= settings.startEpoch()
                        && step.iteration() % settings.every() == 0
                        && (settings.probability() == 1 || draw(seed, step.iteration()) < settings.probability())
                ? size.rho(step)
                : 0;
    }

    private static double draw(long seed, long iteration) {
        return new SplittableRandom(seed ^ (iteration * 0x9E3779B97F4A7C15L)).nextDouble();
    }

    /** @return ρ ≥ 0 for the step described by {@code step}; 0 skips the second pass */
    double rho(StepContext step);
}
