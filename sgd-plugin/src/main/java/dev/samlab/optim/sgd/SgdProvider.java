package dev.samlab.optim.sgd;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;

/** {@code optimizer: { name: sgd, lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 5e-4 }} */
public final class SgdProvider implements OptimizerProvider<SgdConfig> {

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "SGD with momentum or Nesterov momentum and L2 weight decay, as torch.optim.SGD";
    }

    @Override
    public Class<SgdConfig> configType() {
        return SgdConfig.class;
    }

    @Override
    public Optimizer create(SgdConfig config, OptimizerContext context) {
        return new Sgd(config);
    }
}
