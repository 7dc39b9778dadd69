package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessSettings;

/**
 * Sharpness-Aware Minimization (Foret et al. 2021, arXiv 2010.01412).
 *
 * @param rho             neighbourhood radius (default 0.05; the paper searches {0.01, 0.02, 0.05, 0.1, 0.2, 0.5});
 *                        0 runs the base optimizer alone
 * @param base            the first-order optimizer that takes the step, e.g. {@code { name: sgd, lr: 0.1 }}
 * @param m               m-sharpness sub-batch size (default: none, the whole batch is perturbed at once)
 * @param epsilon         ε in ρ/(‖g‖ + ε) (default 1e-12, as davda54/sam)
 * @param lossWeightDecay L2 weight decay inside the loss SAM sees (default 0: weight decay, if any, is the base
 *                        optimizer's, outside the perturbation)
 */
public record SamConfig(Double rho, OptimizerConfig base, Integer m, Double epsilon, Double lossWeightDecay)
        implements OptimizerConfig {

    public SamConfig {
        rho = rho == null ? 0.05 : rho;
        epsilon = epsilon == null ? 1e-12 : epsilon;
        lossWeightDecay = lossWeightDecay == null ? 0.0 : lossWeightDecay;
        check(base != null, "base", "missing: name the optimizer SAM wraps, such as base: { name: sgd, lr: 0.1 }");
        check(!(base instanceof SamConfig), "base", "SAM cannot wrap SAM; name a first-order optimizer such as sgd or adam");
        new SharpnessSettings(rho, m, epsilon, lossWeightDecay); // validates the options SAM shares with ASAM
    }

    SharpnessSettings settings() {
        return new SharpnessSettings(rho, m, epsilon, lossWeightDecay);
    }
}
