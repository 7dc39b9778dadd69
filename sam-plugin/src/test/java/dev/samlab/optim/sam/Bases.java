package dev.samlab.optim.sam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.adam.AdamProvider;
import dev.samlab.optim.sgd.SgdConfig;
import dev.samlab.optim.sgd.SgdProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Real base optimizers, built through their providers, and a base that records what it is handed. */
public final class Bases {

    private Bases() {}

    /** An optimizer context that builds sgd and adam, for a given batch size. */
    public static OptimizerContext context(int batchSize) {
        return new OptimizerContext() {
            @Override
            public Optimizer create(String field, OptimizerConfig config) {
                return build(config);
            }

            @Override
            public int batchSize() {
                return batchSize;
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Optimizer build(OptimizerConfig config) {
        OptimizerProvider provider = config instanceof AdamConfig ? new AdamProvider() : new SgdProvider();
        return provider.create(config, context(128));
    }

    public static FirstOrderOptimizer sgd(double lr) {
        return (FirstOrderOptimizer) build(new SgdConfig(lr, 0.0, null, null, null));
    }

    public static FirstOrderOptimizer adam(double lr) {
        return (FirstOrderOptimizer) build(new AdamConfig(lr, null, null, null, null, null));
    }

    /** Records the weights and gradients it is handed, then lets {@code inner} update (or does nothing). */
    public static final class Recording implements FirstOrderOptimizer {
        public final List<List<INDArray>> weightsSeen = new ArrayList<>();
        public final List<List<INDArray>> gradientsSeen = new ArrayList<>();
        private final FirstOrderOptimizer inner;

        public Recording(FirstOrderOptimizer inner) {
            this.inner = inner;
        }

        @Override
        public void update(Parameters parameters, StepContext context) {
            weightsSeen.add(
                    parameters.stream().map(Parameter::value).map(INDArray::dup).toList());
            gradientsSeen.add(parameters.stream()
                    .map(Parameter::gradient)
                    .map(INDArray::dup)
                    .toList());
            if (inner != null) {
                inner.update(parameters, context);
            }
        }

        @Override
        public Map<String, INDArray> state() {
            return inner == null ? Map.of() : inner.state();
        }

        @Override
        public void restoreState(Map<String, INDArray> state) {
            if (inner != null) {
                inner.restoreState(state);
            }
        }
    }
}
