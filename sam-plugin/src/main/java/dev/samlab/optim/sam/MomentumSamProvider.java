package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: momentum-sam, rho: 0.3, base: { name: sgd, lr: 0.1, momentum: 0.9 } }} */
public final class MomentumSamProvider implements OptimizerProvider<MomentumSamConfig> {

    @Override
    public String name() {
        return "momentum-sam";
    }

    @Override
    public String description() {
        return "Momentum-SAM (Becker et al. 2024): perturb against the base's momentum, one gradient evaluation a step";
    }

    @Override
    public Class<MomentumSamConfig> configType() {
        return MomentumSamConfig.class;
    }

    @Override
    public Optimizer create(MomentumSamConfig config, OptimizerContext context) {
        SharpnessAware.Builder method = SharpnessAware.configure(
                name(), config.base(), config.sharpness().over(MomentumSamConfig.DEFAULTS), context);
        return method.ascent(new MomentumAscent(method.base())).build();
    }
}
