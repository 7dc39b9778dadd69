package dev.samlab.api.sharpness;

import dev.samlab.api.InvalidConfigException;

/**
 * How a {@link SharpnessAware} step ascends: {@code count} steps, each taken from the current perturbed point along
 * the {@link AscentRule}'s direction there, e ← Proj(e + stepSize·ρ·d/‖d‖), the projection onto the ball of radius
 * ball·ρ. SAM takes {@link #ONE}; multi-step SAM several steps of ρ inside the ρ-ball (Andriushchenko and Flammarion,
 * 2022); Lookbehind-SAM several that add up unprojected ({@code ball} infinite).
 *
 * @param count    k ≥ 1 steps, each but the last followed by a gradient evaluation at the point it reached: k + 1
 *                 passes a step in all
 * @param stepSize the length of each step as a multiple of ρ, > 0
 * @param ball     the radius e is projected back into after each step, as a multiple of ρ; infinite for none
 */
public record AscentSteps(int count, double stepSize, double ball) {

    /** SAM's single step to the edge of the ρ-ball. */
    public static final AscentSteps ONE = new AscentSteps(1, 1, 1);

    public AscentSteps {
        InvalidConfigException.check(count >= 1, "steps", "must be at least 1, was " + count);
        InvalidConfigException.check(stepSize > 0, "stepSize", "must be positive (a multiple of rho), was " + stepSize);
        InvalidConfigException.check(ball > 0, "ball", "must be positive (a multiple of rho), was " + ball);
    }

    /** Whether this is SAM's single step to the edge of the ball, which the core takes in place without keeping e. */
    boolean single() {
        return count == 1 && stepSize == 1;
    }
}
