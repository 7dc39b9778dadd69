package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessSettings;

/**
 * LookSAM (Liu et al. 2022, arXiv 2203.02714): SAM's second pass every k steps only.
 *
 * @param base            the first-order optimizer that takes the step
 * @param rho             radius on the steps that ascend (default 0.05, SAM's CIFAR radius)
 * @param k               a SAM step every k steps, one pass between them (default 5: LookSAM-5, the paper's CIFAR
 *                        runs); 1 is SAM
 * @param alpha           how much of the stored direction is added between SAM steps (default 0.7, as the public
 *                        implementations); 0 makes those steps the base optimizer's
 * @param epsilon         ε in ρ/(‖g‖ + ε) (default 1e-12)
 * @param lossWeightDecay L2 weight decay inside the loss LookSAM sees (default 0)
 */
public record LookSamConfig(OptimizerConfig base, Double rho, Integer k, Double alpha, Double epsilon,
                            Double lossWeightDecay) implements OptimizerConfig {

    public LookSamConfig {
        rho = rho == null ? 0.05 : rho;
        k = k == null ? 5 : k;
        alpha = alpha == null ? 0.7 : alpha;
        epsilon = epsilon == null ? 1e-12 : epsilon;
        lossWeightDecay = lossWeightDecay == null ? 0.0 : lossWeightDecay;
        check(base != null, "base", "missing: name the optimizer LookSAM wraps, such as base: { name: sgd, lr: 0.1 }");
        check(k >= 1, "k", "must be >= 1 (a SAM step every k steps; 1 is SAM), got " + k);
        check(alpha >= 0, "alpha", "must be >= 0, got " + alpha);
        new SharpnessSettings(rho, null, epsilon, lossWeightDecay); // validates the options LookSAM shares with SAM
    }

    SharpnessSettings settings() {
        return new SharpnessSettings(rho, null, epsilon, lossWeightDecay);
    }
}
