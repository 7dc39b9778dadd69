package dev.samlab.optim.sgd;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.PackedTensors;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.tensor.Vectors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with momentum, exactly as PyTorch's {@code torch.optim.SGD}. Per parameter:
 * <pre>
 *   d ← g + wd·w
 *   b ← d                          (first step)
 *   b ← μ·b + (1 − dampening)·d    (later steps)
 *   d ← d + μ·b  (Nesterov)   or   d ← b
 *   w ← w − lr·d
 * </pre>
 * The momentum and direction of all parameters are packed into one vector each, so that the momentum's arithmetic is
 * one BLAS call over every parameter; the copies in and the steps out take one per {@link ParameterRun run of
 * parameters}. Buffers are allocated at the first step and reused.
 */
final class Sgd implements FirstOrderOptimizer {

    private static final String MOMENTUM = "momentum/";

    private final SgdConfig config;
    /** Packed at the first update, for the parameters it is given. */
    private Buffers buffers;
    /** Momentum restored from a checkpoint before the first update packed it, by parameter name. */
    private Map<String, INDArray> restored = Map.of();

    Sgd(SgdConfig config) {
        this.config = config;
    }

    @Override
    public void update(Parameters parameters, StepContext context) {
        double lr = learningRate(context).getAsDouble();
        double mu = config.momentum();
        Buffers b = buffers(parameters);
        b.direction.copyFrom(parameters, ParameterRun::gradients);
        if (config.weightDecay() > 0) {
            parameters
                    .runs()
                    .forEach(run -> Vectors.addScaled(b.direction.part(run), config.weightDecay(), run.values()));
        }
        PackedTensors step = b.direction;
        if (mu > 0) {
            if (b.started) {
                Vectors.scale(b.momentum.all(), mu);
                Vectors.addScaled(b.momentum.all(), 1 - config.dampening(), b.direction.all());
            } else {
                Vectors.copy(b.direction.all(), b.momentum.all());
                b.started = true;
            }
            if (config.nesterov()) {
                Vectors.addScaled(b.direction.all(), mu, b.momentum.all());
            } else {
                step = b.momentum;
            }
        }
        for (ParameterRun run : parameters.runs()) {
            Vectors.addScaled(run.values(), -lr, step.part(run));
        }
    }

    private Buffers buffers(Parameters parameters) {
        if (buffers == null) {
            buffers = new Buffers(parameters);
            if (!restored.isEmpty()) {
                for (Parameter p : parameters) {
                    INDArray saved = restored.get(p.name());
                    if (saved == null) {
                        throw new IllegalStateException("SGD's restored state has momentum for " + restored.keySet()
                                + " but none for parameter " + p.name());
                    }
                    buffers.momentum.part(p).assign(saved);
                }
                buffers.started = true;
                restored = Map.of();
            }
        } else {
            buffers.momentum.requirePacks(parameters, "SGD");
        }
        return buffers;
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return OptionalDouble.of(config.lr() * context.learningRateFactor());
    }

    /** The momentum buffer b, once started; none without momentum. */
    @Override
    public Optional<INDArray> momentum(Parameter parameter) {
        if (config.momentum() == 0) {
            return Optional.empty();
        }
        if (buffers == null) {
            return Optional.ofNullable(restored.get(parameter.name()));
        }
        return buffers.started ? Optional.of(buffers.momentum.part(parameter)) : Optional.empty();
    }

    /** The momentum buffers; SGD keeps no other state. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        if (buffers == null) {
            restored.forEach((name, momentum) -> state.put(MOMENTUM + name, momentum));
        } else if (buffers.started) {
            buffers.momentum.parts().forEach((name, momentum) -> state.put(MOMENTUM + name, momentum));
        }
        return state;
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        Map<String, INDArray> saved = new LinkedHashMap<>();
        state.forEach((key, value) -> {
            if (!key.startsWith(MOMENTUM)) {
                throw new IllegalArgumentException("SGD state holds an unknown entry '" + key + "'");
            }
            saved.put(key.substring(MOMENTUM.length()), value.dup());
        });
        buffers = null;
        restored = saved;
    }

    /** The momentum buffer and the direction of the update, packed. */
    private static final class Buffers {
        final PackedTensors momentum;
        final PackedTensors direction;
        /** PyTorch starts the momentum buffer at the first gradient, not at zero. */
        boolean started;

        Buffers(Parameters parameters) {
            this.momentum = new PackedTensors(parameters);
            this.direction = new PackedTensors(parameters);
        }
    }
}
