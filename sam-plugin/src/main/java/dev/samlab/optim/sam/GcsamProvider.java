package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: gcsam, rho: 0.05, base: { name: adam, lr: 0.0001 } }} */
public final class GcsamProvider implements OptimizerProvider<GcsamConfig> {

    @Override
    public String name() {
        return "gcsam";
    }

    @Override
    public String description() {
        return "GCSAM (Hassan et al. 2025): SAM's ascent along the gradient centralized per output unit";
    }

    @Override
    public Class<GcsamConfig> configType() {
        return GcsamConfig.class;
    }

    @Override
    public Optimizer create(GcsamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(GcsamConfig.DEFAULTS), context)
                .ascent(new CentralizedAscent())
                .build();
    }
}
