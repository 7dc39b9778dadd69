package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: multistep-sam, rho: 0.05, steps: 2, base: { name: sgd, lr: 0.1 } }} */
public final class MultiStepSamProvider implements OptimizerProvider<MultiStepSamConfig> {

    @Override
    public String name() {
        return "multistep-sam";
    }

    @Override
    public String description() {
        return "SAM with k projected ascent steps (Andriushchenko & Flammarion 2022), k + 1 gradient evaluations a step";
    }

    @Override
    public Class<MultiStepSamConfig> configType() {
        return MultiStepSamConfig.class;
    }

    @Override
    public Optimizer create(MultiStepSamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(MultiStepSamConfig.DEFAULTS), context)
                .steps(config.ascentSteps())
                .build();
    }
}
