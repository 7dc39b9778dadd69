package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.AdaptiveScale;

/** {@code optimizer: { name: lookbehind-asam, rho: 0.5, steps: 2, base: { name: sgd, lr: 0.1, momentum: 0.9 } }} */
public final class LookbehindAsamProvider implements OptimizerProvider<LookbehindAsamConfig> {

    @Override
    public String name() {
        return "lookbehind-asam";
    }

    @Override
    public String description() {
        return "Lookbehind-SAM's step around ASAM's adaptive ascent (Mordido et al. 2024)";
    }

    @Override
    public Class<LookbehindAsamConfig> configType() {
        return LookbehindAsamConfig.class;
    }

    @Override
    public Optimizer create(LookbehindAsamConfig config, OptimizerContext context) {
        return Lookbehind.configure(
                name(),
                config.base(),
                config.sharpness().over(LookbehindAsamConfig.DEFAULTS),
                context,
                new AdaptiveScale(config.eta(), config.adaptiveRoles()).ascent(),
                config.steps(),
                config.alpha());
    }
}
