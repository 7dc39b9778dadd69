package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InlineKeys;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Momentum-SAM (Becker et al. 2024, arXiv 2401.12033). ρ 0.3 by default, the authors' {@code MSAM} class
 * (MarlonBecker/MSAM, {@code optimizer/msam.py}); their CIFAR-100 WRN-16-4 config runs ρ 3 at learning rate 0.5.
 * The ball is larger than SAM's because e follows the momentum, not a fresh gradient.
 *
 * <p>Weight decay: the authors' {@code MSAM} adds {@code weight_decay}·(w + e) to the gradient, taken where its
 * weights sit, at the perturbed point; the base's {@code weightDecay} here adds {@code weightDecay}·w, so the two drift
 * apart (issue #26 measured 3.9e-6 after three steps, growing). {@code lossWeightDecay: λ} with the base's
 * {@code weightDecay: 0} is their update: the gradient taken at w + e gains λ·(w + e) before the base takes it. Their
 * AdamW variant ({@code optimizer/adamW_msam.py}) decays decoupled, at the unperturbed weights, as adam's
 * {@code decoupled: true} does here, though after the Adam step where this adam scales w before it.
 *
 * @param base      the first-order optimizer that takes the step; it must keep a momentum (sgd with momentum > 0, or
 *                  adam)
 * @param sharpness the keys every sharpness-aware method accepts, written at this level; m-sharpness is refused (the
 *                  perturbation does not depend on the examples)
 */
public record MomentumSamConfig(
        OptimizerConfig base, @InlineKeys.Refused("m") SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().rho(0.3).build();

    public MomentumSamConfig {
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(
                sharpness.m() == null,
                "m",
                "Momentum-SAM perturbs along the momentum, the same for every sub-batch,"
                        + " so m-sharpness would only repeat the pass");
    }
}
