package dev.samlab.runner.testplugins;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A test-only optimizer that wraps another, as SAM does: it exercises nested plugin sections, the key paths of
 * their errors, and a plugin refusing its base. It is not first-order itself, so it cannot wrap itself.
 */
public final class WrapperProvider implements OptimizerProvider<WrapperProvider.Config> {

    public record Config(OptimizerConfig base, Double scale) implements OptimizerConfig {
        public Config {
            scale = scale == null ? 1.0 : scale;
            check(base != null, "base", "missing: the optimizer to wrap");
            check(scale > 0, "scale", "must be > 0, got " + scale);
        }
    }

    @Override
    public String name() {
        return "wrapper";
    }

    @Override
    public String description() {
        return "test-only: runs its base optimizer";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Optimizer create(Config config, OptimizerContext context) {
        Optimizer base = context.create("base", config.base());
        if (!(base instanceof FirstOrderOptimizer)) {
            throw new InvalidConfigException("base", "must be a first-order optimizer such as adam");
        }
        return new Optimizer() {
            @Override
            public StepReport step(Parameters parameters, Objective objective, StepContext stepContext) {
                return base.step(parameters, objective, stepContext);
            }

            @Override
            public Map<String, INDArray> state() {
                return base.state();
            }

            @Override
            public void restoreState(Map<String, INDArray> state) {
                base.restoreState(state);
            }
        };
    }
}
