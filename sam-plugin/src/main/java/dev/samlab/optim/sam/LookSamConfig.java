package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InlineKeys;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * LookSAM (Liu et al. 2022, arXiv 2203.02714): SAM's second pass every k steps only ({@code every}, default 5:
 * LookSAM-5, the paper's CIFAR runs; 1 is SAM), ρ 0.05 (SAM's CIFAR radius).
 *
 * @param base      the first-order optimizer that takes the step
 * @param alpha     how much of the stored direction is added between SAM steps (default 0.7, as the public
 *                  implementations); 0 makes those steps the base optimizer's
 * @param sharpness the keys every sharpness-aware method accepts, written at this level; m-sharpness is refused
 *                  (LookSAM keeps one flat direction per step, not one per sub-batch)
 */
public record LookSamConfig(
        OptimizerConfig base,
        Double alpha,
        @InlineKeys.Refused("m") SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().every(5).build();

    public LookSamConfig {
        alpha = Objects.requireNonNullElse(alpha, 0.7);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(alpha >= 0, "alpha", "must be >= 0, got " + alpha);
        check(sharpness.m() == null, "m", "LookSAM keeps one flat direction per step, so it takes no m-sharpness");
    }
}
