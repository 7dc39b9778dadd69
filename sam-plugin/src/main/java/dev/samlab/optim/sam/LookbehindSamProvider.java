package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.AscentRule;

/** {@code optimizer: { name: lookbehind-sam, rho: 0.05, steps: 2, base: { name: sgd, lr: 0.1, momentum: 0.9 } }} */
public final class LookbehindSamProvider implements OptimizerProvider<LookbehindSamConfig> {

    @Override
    public String name() {
        return "lookbehind-sam";
    }

    @Override
    public String description() {
        return "Lookbehind-SAM (Mordido et al. 2024): k ascent steps, a fast base step at each, a look back, k + 1"
                + " gradient evaluations a step";
    }

    @Override
    public Class<LookbehindSamConfig> configType() {
        return LookbehindSamConfig.class;
    }

    @Override
    public Optimizer create(LookbehindSamConfig config, OptimizerContext context) {
        return Lookbehind.configure(
                name(),
                config.base(),
                config.sharpness().over(LookbehindSamConfig.DEFAULTS),
                context,
                AscentRule.GRADIENT,
                config.steps(),
                config.alpha());
    }
}
