package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessSettings;

/**
 * Friendly SAM (Li et al. 2024, arXiv 2403.12350). Defaults are those of the authors' {@code FriendlySAM} class
 * (nblt/F-SAM, {@code utils.py}); their CIFAR-100 script runs ρ 0.2 with λ 0.95.
 *
 * @param base            the first-order optimizer that takes the step
 * @param rho             radius (default 0.05)
 * @param sigma           σ, how much of the gradients' moving average is taken out of the ascent (default 1); 0 is SAM
 * @param lambda          λ, the decay of that moving average m ← λ·m + (1 − λ)·g (default 0.9)
 * @param m               m-sharpness sub-batch size (default: none)
 * @param epsilon         ε in ρ/(‖·‖ + ε) (default 1e-12, as the authors' code)
 * @param lossWeightDecay L2 weight decay inside the loss Friendly SAM sees (default 0)
 */
public record FriendlySamConfig(OptimizerConfig base, Double rho, Double sigma, Double lambda, Integer m,
                                Double epsilon, Double lossWeightDecay) implements OptimizerConfig {

    public FriendlySamConfig {
        rho = rho == null ? 0.05 : rho;
        sigma = sigma == null ? 1.0 : sigma;
        lambda = lambda == null ? 0.9 : lambda;
        epsilon = epsilon == null ? 1e-12 : epsilon;
        lossWeightDecay = lossWeightDecay == null ? 0.0 : lossWeightDecay;
        check(base != null, "base", "missing: name the optimizer Friendly SAM wraps, such as base: { name: sgd }");
        check(sigma >= 0, "sigma", "must be >= 0 (0 is SAM), got " + sigma);
        check(lambda >= 0 && lambda <= 1, "lambda", "must be in [0, 1], got " + lambda);
        new SharpnessSettings(rho, m, epsilon, lossWeightDecay); // validates the options Friendly SAM shares with SAM
    }

    SharpnessSettings settings() {
        return new SharpnessSettings(rho, m, epsilon, lossWeightDecay);
    }
}
