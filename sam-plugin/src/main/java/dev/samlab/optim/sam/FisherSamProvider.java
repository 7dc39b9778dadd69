package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: fisher-sam, rho: 0.1, eta: 1, base: { name: sgd, lr: 0.1 } }} */
public final class FisherSamProvider implements OptimizerProvider<FisherSamConfig> {

    @Override
    public String name() {
        return "fisher-sam";
    }

    @Override
    public String description() {
        return "Fisher SAM (Kim et al. 2022): SAM in the ball of the diagonal empirical Fisher";
    }

    @Override
    public Class<FisherSamConfig> configType() {
        return FisherSamConfig.class;
    }

    @Override
    public Optimizer create(FisherSamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(FisherSamConfig.DEFAULTS), context)
                .ascent(new FisherAscent(config.eta()))
                .build();
    }
}
