package dev.samlab.optim.sgd;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.tensor.Vectors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with momentum, exactly as PyTorch's {@code torch.optim.SGD}. Per parameter:
 * <pre>
 *   d ← g + wd·w
 *   b ← d                          (first step)
 *   b ← μ·b + (1 − dampening)·d    (later steps)
 *   d ← d + μ·b  (Nesterov)   or   d ← b
 *   w ← w − lr·d
 * </pre>
 */
final class Sgd implements FirstOrderOptimizer {

    private static final String MOMENTUM = "momentum/";

    private final SgdConfig config;
    private final Map<String, Buffers> buffers = new HashMap<>();

    Sgd(SgdConfig config) {
        this.config = config;
    }

    @Override
    public void update(Parameters parameters, StepContext context) {
        double lr = learningRate(context).getAsDouble();
        for (Parameter p : parameters) {
            Buffers b = buffers.computeIfAbsent(p.name(), name -> new Buffers(p.value()));
            INDArray direction = b.direction;
            Vectors.copy(p.gradient(), direction);
            if (config.weightDecay() > 0) {
                Vectors.addScaled(direction, config.weightDecay(), p.value());
            }
            if (config.momentum() > 0) {
                if (b.started) {
                    Vectors.scale(b.momentum, config.momentum());
                    Vectors.addScaled(b.momentum, 1 - config.dampening(), direction);
                } else {
                    Vectors.copy(direction, b.momentum);
                    b.started = true;
                }
                if (config.nesterov()) {
                    Vectors.addScaled(direction, config.momentum(), b.momentum);
                } else {
                    direction = b.momentum;
                }
            }
            Vectors.addScaled(p.value(), -lr, direction);
        }
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return OptionalDouble.of(config.lr() * context.learningRateFactor());
    }

    /** The momentum buffer b, once started; none without momentum. */
    @Override
    public Optional<INDArray> momentum(Parameter parameter) {
        Buffers b = buffers.get(parameter.name());
        return config.momentum() > 0 && b != null && b.started ? Optional.of(b.momentum) : Optional.empty();
    }

    /** The momentum buffers; SGD keeps no other state. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        buffers.forEach((name, b) -> {
            if (b.started) {
                state.put(MOMENTUM + name, b.momentum);
            }
        });
        return state;
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        buffers.clear();
        state.forEach((key, value) -> {
            if (!key.startsWith(MOMENTUM)) {
                throw new IllegalArgumentException("SGD state holds an unknown entry '" + key + "'");
            }
            Buffers b = new Buffers(value);
            b.momentum.assign(value);
            b.started = true;
            buffers.put(key.substring(MOMENTUM.length()), b);
        });
    }

    /** One parameter's momentum buffer and the direction of its update. */
    private static final class Buffers {
        final INDArray momentum;
        final INDArray direction;
        /** PyTorch starts the momentum buffer at the first gradient, not at zero. */
        boolean started;

        Buffers(INDArray like) {
            this.momentum = Nd4j.create(like.dataType(), like.shape(), like.ordering());
            this.direction = momentum.ulike();
        }
    }
}
