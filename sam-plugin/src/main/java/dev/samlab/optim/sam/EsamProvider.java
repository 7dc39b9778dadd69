package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.SharpnessAware;

/** {@code optimizer: { name: esam, rho: 0.05, beta: 0.6, gamma: 0.5, base: { name: sgd, lr: 0.1 } }} */
public final class EsamProvider implements OptimizerProvider<EsamConfig> {

    @Override
    public String name() {
        return "esam";
    }

    @Override
    public String description() {
        return "Efficient SAM (Du et al. 2022): perturb a random part of the weights, re-evaluate the sharpest examples";
    }

    @Override
    public Class<EsamConfig> configType() {
        return EsamConfig.class;
    }

    @Override
    public Optimizer create(EsamConfig config, OptimizerContext context) {
        return SharpnessAware.configure(
                        name(), config.base(), config.sharpness().over(EsamConfig.DEFAULTS), context)
                .ascent(new StochasticWeightPerturbation(config.beta(), context.seed()))
                .perturbedEvaluation(new SharpestExamples(config.gamma()))
                .build();
    }
}
