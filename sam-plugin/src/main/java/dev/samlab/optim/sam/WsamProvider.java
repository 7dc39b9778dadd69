package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: wsam, rho: 0.05, gamma: 0.9, base: { name: sgd, lr: 0.1 } }} */
public final class WsamProvider implements OptimizerProvider<WsamConfig> {

    @Override
    public String name() {
        return "wsam";
    }

    @Override
    public String description() {
        return "Weighted SAM (Yue et al. 2023): the loss plus γ/(1 − γ) times the sharpness, optionally decoupled";
    }

    @Override
    public Class<WsamConfig> configType() {
        return WsamConfig.class;
    }

    @Override
    public Optimizer create(WsamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(WsamConfig.DEFAULTS), context)
                .descent(new WeightedDescent(config.weight(), config.decoupled()))
                .build();
    }
}
