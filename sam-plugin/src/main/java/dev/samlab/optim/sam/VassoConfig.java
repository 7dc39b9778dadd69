package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InlineKeys;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * VaSSO, variance-suppressed sharpness-aware optimization (Li and Giannakis, NeurIPS 2023, arXiv 2309.15639): e = ρ·d/(‖d‖
 * + ε) with d ← (1 − θ)·d + θ·g, d₁ = g₁; two gradient evaluations a step, as SAM. Defaults from the authors' code
 * (BingcongLi/VaSSO, commit 3524bad45d63bb687120708abfef4d5842b7bf36: {@code solver/vasso.py}, {@code
 * configs/defaulf_cfg.py}): ρ 0.05, θ 0.9, ε 1e-7 added to the norm; their one script ({@code train.sh}, WRN-28-10 on
 * CIFAR-100) runs ρ 0.2. Weight decay stays out of d and e there (PyTorch's SGD adds it at the update), as the base's
 * {@code weightDecay} does here.
 *
 * @param base      the first-order optimizer that takes the step
 * @param theta     θ, the weight of the new gradient in the average (default 0.9); 1 is SAM
 * @param sharpness the keys every sharpness-aware method accepts, written at this level; m-sharpness is refused (one
 *                  average of the batch's gradients)
 */
public record VassoConfig(
        OptimizerConfig base,
        Double theta,
        @InlineKeys.Refused("m") SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().epsilon(1e-7).build();

    public VassoConfig {
        theta = Objects.requireNonNullElse(theta, 0.9);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(
                theta > 0 && theta <= 1,
                "theta",
                "must be in (0, 1] (1 is SAM; 0 would never move d off the first" + " gradient), got " + theta);
        check(sharpness.m() == null, "m", "VaSSO averages the whole batch's gradients, one average a step");
    }
}
