package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Friendly SAM (Li et al. 2024, arXiv 2403.12350). Defaults are those of the authors' {@code FriendlySAM} class
 * (nblt/F-SAM, {@code utils.py}): ρ 0.05, σ 1, λ 0.9. Their CIFAR-100 script ({@code run.sh}) runs ρ 0.2 with λ 0.6
 * since commit 9ccc77a (2024-10-29; 0.95 before, still the default of {@code train.py}'s {@code --lmbda}); SamLab keeps
 * the class's λ, as it keeps the class's ρ.
 *
 * @param base      the first-order optimizer that takes the step
 * @param sigma     σ, how much of the gradients' moving average is taken out of the ascent (default 1); 0 is SAM
 * @param lambda    λ, the decay of that moving average m ← λ·m + (1 − λ)·g (default 0.9)
 * @param sharpness the keys every sharpness-aware method accepts, written at this level
 */
public record FriendlySamConfig(OptimizerConfig base, Double sigma, Double lambda, SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public FriendlySamConfig {
        sigma = Objects.requireNonNullElse(sigma, 1.0);
        lambda = Objects.requireNonNullElse(lambda, 0.9);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(sigma >= 0, "sigma", "must be >= 0 (0 is SAM), got " + sigma);
        check(lambda >= 0 && lambda <= 1, "lambda", "must be in [0, 1], got " + lambda);
    }
}
