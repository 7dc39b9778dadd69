package dev.samlab.optim.adam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;

/** {@code optimizer: { name: adam, lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: true }} */
public final class AdamProvider implements OptimizerProvider<AdamConfig> {

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String description() {
        return "Adam with bias correction; AdamW when weightDecay > 0 (decoupled, the default) or L2 (decoupled: false)";
    }

    @Override
    public Class<AdamConfig> configType() {
        return AdamConfig.class;
    }

    @Override
    public Optimizer create(AdamConfig config, OptimizerContext context) {
        return new Adam(config);
    }
}
