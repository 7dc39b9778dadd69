package dev.samlab.optim.adam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.StepContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam / AdamW. Per parameter:
 * <pre>
 *   g ← g + wd·w                       (only with decoupled = false)
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 *   w ← w·(1 − lr·wd)                  (only with decoupled = true)
 *   w ← w − lr/(1−β1ᵗ) · m / (√(v/(1−β2ᵗ)) + eps)
 * </pre>
 * All arithmetic is in place on buffers allocated at the first step.
 */
final class Adam implements FirstOrderOptimizer {

    private static final String STEP_KEY = "step";

    private final AdamConfig config;
    private final Map<String, Moments> moments = new HashMap<>();
    private long step;

    Adam(AdamConfig config) {
        this.config = config;
    }

    @Override
    public void update(Parameters parameters, StepContext context) {
        step++;
        double lr = learningRate(context).getAsDouble();
        double bias1 = 1 - Math.pow(config.beta1(), step);
        double bias2 = 1 - Math.pow(config.beta2(), step);
        for (Parameter p : parameters) {
            update(p, moments.computeIfAbsent(p.name(), name -> new Moments(p.value())), lr, bias1, bias2);
        }
    }

    private void update(Parameter p, Moments s, double lr, double bias1, double bias2) {
        INDArray w = p.value();
        INDArray g = p.gradient();
        double wd = config.weightDecay();
        if (wd > 0 && !config.decoupled()) {
            g = s.gradient.assign(w).muli(wd).addi(g);
        }
        s.m.muli(config.beta1()).addi(s.scratch.assign(g).muli(1 - config.beta1()));
        s.v.muli(config.beta2()).addi(s.scratch.assign(g).muli(g).muli(1 - config.beta2()));
        if (wd > 0 && config.decoupled()) {
            w.muli(1 - lr * wd);
        }
        INDArray denominator =
                Transforms.sqrt(s.scratch.assign(s.v).muli(1 / bias2), false).addi(config.eps());
        w.subi(denominator.rdivi(s.m).muli(lr / bias1));
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return OptionalDouble.of(config.lr() * context.learningRateFactor());
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(STEP_KEY, Nd4j.scalar(DataType.LONG, step));
        moments.forEach((name, s) -> {
            state.put("m/" + name, s.m);
            state.put("v/" + name, s.v);
        });
        return state;
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        INDArray savedStep = state.get(STEP_KEY);
        if (savedStep == null) {
            throw new IllegalArgumentException("Adam state has no '" + STEP_KEY + "' entry");
        }
        moments.clear();
        step = savedStep.getLong(0);
        state.forEach((key, value) -> {
            if (key.startsWith("m/")) {
                String name = key.substring(2);
                INDArray v = state.get("v/" + name);
                if (v == null) {
                    throw new IllegalArgumentException("Adam state has m/" + name + " but no v/" + name);
                }
                moments.put(name, new Moments(value.dup(), v.dup()));
            }
        });
    }

    /** The first moment m, once Adam has stepped. */
    @Override
    public Optional<INDArray> momentum(Parameter parameter) {
        return Optional.ofNullable(moments.get(parameter.name())).map(s -> s.m);
    }

    /** One parameter's moment estimates and the scratch buffers its update works in. */
    private static final class Moments {
        final INDArray m;
        final INDArray v;
        final INDArray scratch;
        final INDArray gradient;

        Moments(INDArray like) {
            this(
                    Nd4j.create(like.dataType(), like.shape(), like.ordering()),
                    Nd4j.create(like.dataType(), like.shape(), like.ordering()));
        }

        Moments(INDArray m, INDArray v) {
            this.m = m;
            this.v = v;
            this.scratch = m.ulike();
            this.gradient = m.ulike();
        }
    }
}
