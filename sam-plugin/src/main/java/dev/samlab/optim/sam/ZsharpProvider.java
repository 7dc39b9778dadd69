package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: zsharp, rho: 0.05, percentile: 0.95, base: { name: sgd, lr: 0.1 } }} */
public final class ZsharpProvider implements OptimizerProvider<ZsharpConfig> {

    @Override
    public String name() {
        return "zsharp";
    }

    @Override
    public String description() {
        return "ZSharp (Yun 2025): SAM's ascent along each weight tensor's gradient entries of largest z-score";
    }

    @Override
    public Class<ZsharpConfig> configType() {
        return ZsharpConfig.class;
    }

    @Override
    public Optimizer create(ZsharpConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(ZsharpConfig.DEFAULTS), context)
                .ascent(new ZsharpAscent(config.percentile()))
                .build();
    }
}
