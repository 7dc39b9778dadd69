package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessSettings;

/**
 * Fisher SAM (Kim et al. 2022, arXiv 2206.04920). The authors published no code; the defaults are those of the
 * public implementations (γ = 0.1 for the radius, η = 1), not checked against the paper's tables.
 *
 * @param base            the first-order optimizer that takes the step
 * @param rho             radius of the Fisher ball eᵀfe ≤ ρ² (default 0.1)
 * @param eta             η in the diagonal Fisher f = 1 + η·g² (default 1); 0 is SAM
 * @param m               m-sharpness sub-batch size (default: none)
 * @param epsilon         ε in ρ/(‖·‖ + ε) (default 1e-12)
 * @param lossWeightDecay L2 weight decay inside the loss Fisher SAM sees (default 0)
 */
public record FisherSamConfig(OptimizerConfig base, Double rho, Double eta, Integer m, Double epsilon,
                              Double lossWeightDecay) implements OptimizerConfig {

    public FisherSamConfig {
        rho = rho == null ? 0.1 : rho;
        eta = eta == null ? 1.0 : eta;
        epsilon = epsilon == null ? 1e-12 : epsilon;
        lossWeightDecay = lossWeightDecay == null ? 0.0 : lossWeightDecay;
        check(base != null, "base", "missing: name the optimizer Fisher SAM wraps, such as base: { name: sgd }");
        check(eta >= 0, "eta", "must be >= 0 (0 is SAM), got " + eta);
        new SharpnessSettings(rho, m, epsilon, lossWeightDecay); // validates the options Fisher SAM shares with SAM
    }

    SharpnessSettings settings() {
        return new SharpnessSettings(rho, m, epsilon, lossWeightDecay);
    }
}
