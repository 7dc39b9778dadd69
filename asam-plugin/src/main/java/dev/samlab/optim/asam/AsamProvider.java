package dev.samlab.optim.asam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.AdaptiveScale;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: asam, rho: 0.5, eta: 0.01, base: { name: sgd, lr: 0.1 } }} */
public final class AsamProvider implements OptimizerProvider<AsamConfig> {

    @Override
    public String name() {
        return "asam";
    }

    @Override
    public String description() {
        return "Adaptive Sharpness-Aware Minimization (Kwon et al. 2021) around any first-order base optimizer";
    }

    @Override
    public Class<AsamConfig> configType() {
        return AsamConfig.class;
    }

    @Override
    public Optimizer create(AsamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(AsamConfig.DEFAULTS), context)
                .ascent(new AdaptiveScale(config.eta(), config.adaptiveRoles()).ascent())
                .build();
    }
}
