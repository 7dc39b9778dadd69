package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Efficient SAM (Du et al. 2022, arXiv 2110.03141). Defaults β 0.6, γ 0.5, ρ 0.05: the authors' CIFAR-10 ResNet-18
 * command (dydjw9/Efficient_SAM, {@code run.sh}); their class defaults β = γ = 1 make it SAM.
 *
 * <p>Two differences from the authors' {@code utils/Esam.py}, both kept. Their model stays in training mode through
 * all three forward passes of a step (at w, the loss-only one at w + e, the selected examples' at w + e), so each
 * moves the batch-norm running statistics; SamLab moves them at the first pass only, as for every method of the
 * family. Their ε in ρ/(‖g_S‖ + ε) is a hard-coded 1e-7; here it is the shared key {@code epsilon}, 1e-12 by default
 * as SAM, and {@code epsilon: 1e-7} gives theirs.
 *
 * @param base      the first-order optimizer that takes the step
 * @param beta      β, the probability that a parameter tensor is perturbed (stochastic weight perturbation); the
 *                  perturbation is rescaled by 1/β
 * @param gamma     γ, the fraction of the batch the second pass takes: the examples whose loss the ascent raised most
 *                  (sharpness-sensitive data selection)
 * @param sharpness the keys every sharpness-aware method accepts, written at this level
 */
public record EsamConfig(OptimizerConfig base, Double beta, Double gamma, SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public EsamConfig {
        beta = Objects.requireNonNullElse(beta, 0.6);
        gamma = Objects.requireNonNullElse(gamma, 0.5);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(beta > 0 && beta <= 1, "beta", "must be in (0, 1] (1 perturbs every tensor, as SAM), got " + beta);
        check(gamma > 0 && gamma <= 1, "gamma", "must be in (0, 1] (1 takes the whole batch, as SAM), got " + gamma);
    }
}
