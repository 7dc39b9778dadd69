package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: sam, rho: 0.05, base: { name: sgd, lr: 0.1 } }} */
public final class SamProvider implements OptimizerProvider<SamConfig> {

    @Override
    public String name() {
        return "sam";
    }

    @Override
    public String description() {
        return "Sharpness-Aware Minimization (Foret et al. 2021) around any first-order base optimizer";
    }

    @Override
    public Class<SamConfig> configType() {
        return SamConfig.class;
    }

    @Override
    public Optimizer create(SamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(SamConfig.DEFAULTS), context)
                .build();
    }
}
