package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Weighted SAM (Yue et al. 2023, arXiv 2305.15817): the loss plus γ/(1 − γ) times the sharpness L(w + e) − L(w).
 * Defaults γ 0.9, the decoupled form and ρ 0.05, as the authors' {@code WeightedSAM} class and its README example
 * (intelligent-machine-learning/dlrover, {@code atorch/atorch/optimizers/wsam.py}, since moved to
 * intelligent-machine-learning/atorch): every main-line version defaults to γ 0.9; 0.88 exists only in commit 05e4f76
 * of a side branch.
 *
 * @param base      the first-order optimizer that takes the step
 * @param gamma     γ in [0, 1); 0.5 weighs loss and sharpness as SAM does
 * @param decoupled whether the sharpness term is applied outside the base optimizer, as an SGD step of the base's
 *                  learning rate (default true); false hands the base g + γ/(1 − γ)·(g(w + e) − g)
 * @param sharpness the keys every sharpness-aware method accepts, written at this level; the decoupled form takes
 *                  no m-sharpness
 */
public record WsamConfig(OptimizerConfig base, Double gamma, Boolean decoupled, SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public WsamConfig {
        gamma = Objects.requireNonNullElse(gamma, 0.9);
        decoupled = Objects.requireNonNullElse(decoupled, true);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(gamma >= 0 && gamma < 1, "gamma", "must be in [0, 1) (0.5 is SAM), got " + gamma);
        check(
                !decoupled || sharpness.m() == null,
                "m",
                "the decoupled form applies one sharpness term per step;" + " set decoupled: false to use m-sharpness");
    }

    /** The sharpness term's weight γ/(1 − γ). */
    double weight() {
        return gamma / (1 - gamma);
    }
}
