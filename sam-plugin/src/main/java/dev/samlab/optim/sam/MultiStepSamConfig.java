package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.AscentSteps;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Multi-step SAM: k ascent steps of projected normalized gradient ascent inside the ρ-ball, e ← Proj(e + α·g(w + e)/‖g(w
 * + e)‖), the descent with the gradient at the last point; k + 1 gradient evaluations a step. As the SAM paper's
 * discussion of several ascent steps, and the code this follows: tml-epfl/understanding-sam (Andriushchenko and
 * Flammarion 2022), {@code deep_nets/sam.py} {@code perturb_weights_sam} and {@code train.py} ({@code --sam_iters},
 * {@code --sam_step_size_mult}), commit 306adde0b8461a57e7fc8f46e84df1e38e0395fa. Its default step is α = ρ, so
 * {@code steps: 1} is SAM.
 *
 * @param base      the first-order optimizer that takes the step
 * @param steps     k ≥ 1 ascent steps (default 2)
 * @param stepSize  α as a multiple of ρ (default 1: each step as long as the ball's radius)
 * @param sharpness the keys every sharpness-aware method accepts, written at this level
 */
public record MultiStepSamConfig(OptimizerConfig base, Integer steps, Double stepSize, SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public MultiStepSamConfig {
        steps = Objects.requireNonNullElse(steps, 2);
        stepSize = Objects.requireNonNullElse(stepSize, 1.0);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        ascentSteps(steps, stepSize); // checks them
    }

    /** The ascent as the core takes it: k steps of α, each projected back onto the ρ-ball. */
    AscentSteps ascentSteps() {
        return ascentSteps(steps, stepSize);
    }

    private static AscentSteps ascentSteps(int steps, double stepSize) {
        return new AscentSteps(steps, stepSize, 1);
    }
}
