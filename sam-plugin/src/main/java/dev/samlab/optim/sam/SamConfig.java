package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Sharpness-Aware Minimization (Foret et al. 2021, arXiv 2010.01412): ρ 0.05 by default (the paper searches
 * {0.01, 0.02, 0.05, 0.1, 0.2, 0.5}), ε 1e-12 as davda54/sam.
 *
 * @param base      the first-order optimizer that takes the step, e.g. {@code { name: sgd, lr: 0.1 }}
 * @param sharpness the keys every sharpness-aware method accepts ({@code rho}, {@code m}, {@code perturb},
 *                  {@code every}, ...), written at this level
 */
public record SamConfig(OptimizerConfig base, SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public SamConfig {
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
    }
}
