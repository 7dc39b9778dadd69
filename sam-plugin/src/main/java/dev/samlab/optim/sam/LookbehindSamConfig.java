package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InlineKeys;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Lookbehind-SAM (Mordido et al., ICML 2024, arXiv 2307.16704), as the authors' code (chandar-lab/Lookbehind-SAM,
 * commit ac7c5af37b1c7a98f1d9107ee60a5742b04b510f: {@code lookbehind.py}, and the README's CIFAR commands): ρ 0.05,
 * k 2, α adaptive, ε 1e-16 added to the norm. See {@link Lookbehind} for the step.
 *
 * @param base      the first-order optimizer that takes the k fast steps
 * @param steps     k ≥ 1 ascent steps and fast steps a step (default 2); 1 is SAM
 * @param alpha     the fixed α in (0, 1] of ψ + α·(φ_k − ψ); unset, α is adaptive, per tensor (the authors' {@code
 *                  --alpha -1}); the paper's fixed values are 0.2, 0.5 and 0.8
 * @param sharpness the keys every sharpness-aware method accepts, written at this level; m-sharpness is refused
 */
public record LookbehindSamConfig(
        OptimizerConfig base,
        Integer steps,
        Double alpha,
        @InlineKeys.Refused("m") SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().epsilon(1e-16).build();

    public LookbehindSamConfig {
        steps = Objects.requireNonNullElse(steps, 2);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        checkLookbehindKeys(steps, alpha, sharpness);
    }

    /** The checks both Lookbehind methods make of their own keys. */
    static void checkLookbehindKeys(int steps, Double alpha, SharpnessKeys sharpness) {
        check(steps >= 1, "steps", "must be at least 1, was " + steps);
        check(
                alpha == null || (alpha > 0 && alpha <= 1),
                "alpha",
                "must be in (0, 1], or unset for the adaptive α," + " was " + alpha);
        check(sharpness.m() == null, "m", "Lookbehind steps its base several times on the whole batch");
    }
}
