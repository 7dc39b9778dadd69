package dev.samlab.runner.testplugins;

import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.optimizer.StepContext;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A test-only optimizer that makes training diverge: at its {@code at}-th update it writes NaN into the weights. */
public final class PoisonProvider implements OptimizerProvider<PoisonProvider.Config> {

    public record Config(Integer at) implements OptimizerConfig {}

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public String description() {
        return "test-only: turns the weights to NaN after a number of steps";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Optimizer create(Config config, OptimizerContext context) {
        return new FirstOrderOptimizer() {
            private int updates;

            @Override
            public void update(Parameters parameters, StepContext step) {
                if (++updates == config.at()) {
                    parameters.list().get(0).value().assign(Double.NaN);
                }
            }

            @Override
            public Map<String, INDArray> state() {
                return Map.of();
            }

            @Override
            public void restoreState(Map<String, INDArray> state) {}
        };
    }
}
