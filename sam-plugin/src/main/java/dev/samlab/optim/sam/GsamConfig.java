package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessSettings;

/**
 * Surrogate Gap Guided SAM (Zhuang et al. 2022, arXiv 2203.08065).
 *
 * @param base            the first-order optimizer that takes the step
 * @param rhoMax          ρ at the peak learning rate (default 0.05, SAM's CIFAR radius: the authors' CIFAR example
 *                        uses 2.0 with an adaptive ball, which this Euclidean one is not)
 * @param rhoMin          ρ as the learning rate reaches 0 (default: rhoMax, a constant ρ, as the authors' CIFAR
 *                        example); below rhoMax, ρ follows the learning rate as in the paper's ImageNet runs
 * @param alpha           weight α of the component of g(w) orthogonal to g(w + e) that is subtracted (default 0.2,
 *                        the authors' CIFAR example, {@code example/train.py}); 0 is SAM
 * @param m               m-sharpness sub-batch size (default: none)
 * @param epsilon         ε in ρ/(‖g‖ + ε) (default 1e-12, as the authors' code)
 * @param lossWeightDecay L2 weight decay inside the loss GSAM sees (default 0)
 */
public record GsamConfig(OptimizerConfig base, Double rhoMax, Double rhoMin, Double alpha, Integer m, Double epsilon,
                         Double lossWeightDecay) implements OptimizerConfig {

    public GsamConfig {
        rhoMax = rhoMax == null ? 0.05 : rhoMax;
        rhoMin = rhoMin == null ? rhoMax : rhoMin;
        alpha = alpha == null ? 0.2 : alpha;
        epsilon = epsilon == null ? 1e-12 : epsilon;
        lossWeightDecay = lossWeightDecay == null ? 0.0 : lossWeightDecay;
        check(base != null, "base", "missing: name the optimizer GSAM wraps, such as base: { name: sgd, lr: 0.1 }");
        check(rhoMin >= 0 && rhoMin <= rhoMax, "rhoMin", "must be in [0, rhoMax = " + rhoMax + "], got " + rhoMin);
        check(alpha >= 0, "alpha", "must be >= 0 (0 is SAM), got " + alpha);
        new SharpnessSettings(rhoMax, m, epsilon, lossWeightDecay); // validates the options GSAM shares with SAM
    }

    /** The shared options, ρ being rhoMax; validates them. */
    SharpnessSettings settings() {
        return new SharpnessSettings(rhoMax, m, epsilon, lossWeightDecay);
    }
}
