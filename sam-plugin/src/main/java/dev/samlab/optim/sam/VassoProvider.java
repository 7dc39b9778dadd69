package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: vasso, rho: 0.05, theta: 0.9, base: { name: sgd, lr: 0.05, momentum: 0.9 } }} */
public final class VassoProvider implements OptimizerProvider<VassoConfig> {

    @Override
    public String name() {
        return "vasso";
    }

    @Override
    public String description() {
        return "VaSSO (Li & Giannakis 2023): the ascent along a moving average of gradients, two evaluations a step";
    }

    @Override
    public Class<VassoConfig> configType() {
        return VassoConfig.class;
    }

    @Override
    public Optimizer create(VassoConfig config, OptimizerContext context) {
        SharpnessAware.Builder method = SharpnessAware.configure(
                name(), config.base(), config.sharpness().over(VassoConfig.DEFAULTS), context);
        return method.ascent(new VassoAscent(config.theta())).build();
    }
}
