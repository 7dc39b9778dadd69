package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: friendly-sam, rho: 0.05, sigma: 1, lambda: 0.9, base: { name: sgd, lr: 0.1 } }} */
public final class FriendlySamProvider implements OptimizerProvider<FriendlySamConfig> {

    @Override
    public String name() {
        return "friendly-sam";
    }

    @Override
    public String description() {
        return "Friendly SAM (Li et al. 2024): ascend along g minus a moving average of past gradients";
    }

    @Override
    public Class<FriendlySamConfig> configType() {
        return FriendlySamConfig.class;
    }

    @Override
    public Optimizer create(FriendlySamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(FriendlySamConfig.DEFAULTS), context)
                .ascent(new FriendlyAscent(config.sigma(), config.lambda()))
                .build();
    }
}
