package dev.samlab.testkit;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.StepContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A base optimizer for tests, with state: b ← μ·b + g (b = g at the first step), w ← w − lr·f·b, f the learning-rate
 * factor; μ = 0 is plain SGD, w ← w − lr·f·g, whose steps are easy to write in closed form.
 */
public final class TestSgd implements FirstOrderOptimizer {

    /** {@code base: ...} of a wrapping method under test. */
    public record Config(double lr, double momentum) implements OptimizerConfig {}

    private final Config config;
    private final Map<String, INDArray> momentum = new HashMap<>();

    public TestSgd(Config config) {
        this.config = config;
    }

    /** An optimizer context that builds {@link TestSgd} for any {@link Config}, for a given training batch size. */
    public static OptimizerContext context(int batchSize) {
        return new OptimizerContext() {
            @Override
            public Optimizer create(String field, OptimizerConfig config) {
                if (!(config instanceof Config sgd)) {
                    throw new IllegalArgumentException("the test context builds TestSgd.Config only, got " + config);
                }
                return new TestSgd(sgd);
            }

            @Override
            public int batchSize() {
                return batchSize;
            }
        };
    }

    @Override
    public void update(Parameters parameters, StepContext context) {
        double lr = learningRate(context).getAsDouble();
        for (Parameter p : parameters) {
            INDArray direction = p.gradient();
            if (config.momentum() > 0) {
                INDArray b = momentum.get(p.name());
                direction = b == null
                        ? put(p, p.gradient().dup())
                        : b.muli(config.momentum()).addi(p.gradient());
            }
            p.value().subi(direction.mul(lr));
        }
    }

    private INDArray put(Parameter p, INDArray b) {
        momentum.put(p.name(), b);
        return b;
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return OptionalDouble.of(config.lr() * context.learningRateFactor());
    }

    @Override
    public Optional<INDArray> momentum(Parameter parameter) {
        return Optional.ofNullable(momentum.get(parameter.name()));
    }

    @Override
    public Map<String, INDArray> state() {
        return new LinkedHashMap<>(momentum);
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        momentum.clear();
        state.forEach((name, b) -> momentum.put(name, b.dup()));
    }
}
