package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: looksam, rho: 0.05, every: 5, alpha: 0.7, base: { name: sgd, lr: 0.1 } }} */
public final class LookSamProvider implements OptimizerProvider<LookSamConfig> {

    @Override
    public String name() {
        return "looksam";
    }

    @Override
    public String description() {
        return "LookSAM (Liu et al. 2022): a SAM step every k steps, its flat direction reused in between";
    }

    @Override
    public Class<LookSamConfig> configType() {
        return LookSamConfig.class;
    }

    @Override
    public Optimizer create(LookSamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(LookSamConfig.DEFAULTS), context)
                .descent(new LookSamDescent(config.alpha()))
                .build();
    }
}
