package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: gsam, rho: 0.05, alpha: 0.4, base: { name: sgd, lr: 0.1 } }} */
public final class GsamProvider implements OptimizerProvider<GsamConfig> {

    @Override
    public String name() {
        return "gsam";
    }

    @Override
    public String description() {
        return "Surrogate Gap Guided SAM (Zhuang et al. 2022): SAM's step minus part of g(w) orthogonal to it";
    }

    @Override
    public Class<GsamConfig> configType() {
        return GsamConfig.class;
    }

    @Override
    public Optimizer create(GsamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(GsamConfig.DEFAULTS), context)
                .descent(new SurrogateGapDescent(config.alpha()))
                .build();
    }
}
