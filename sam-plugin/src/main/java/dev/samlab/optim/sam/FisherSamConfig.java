package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Fisher SAM (Kim et al. 2022, arXiv 2206.04920). The authors published no code; the defaults are those of the
 * public implementations (γ = 0.1 for the radius of the Fisher ball eᵀfe ≤ ρ², η = 1), not checked against the
 * paper's tables.
 *
 * @param base      the first-order optimizer that takes the step
 * @param eta       η in the diagonal Fisher f = 1 + η·g² (default 1); 0 is SAM
 * @param sharpness the keys every sharpness-aware method accepts, written at this level (ρ default 0.1)
 */
public record FisherSamConfig(OptimizerConfig base, Double eta, SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().rho(0.1).build();

    public FisherSamConfig {
        eta = Objects.requireNonNullElse(eta, 1.0);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(eta >= 0, "eta", "must be >= 0 (0 is SAM), got " + eta);
    }
}
