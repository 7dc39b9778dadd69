package dev.samlab.optim.adam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.PackedTensors;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.tensor.Vectors;
import java.nio.FloatBuffer;
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
 * The moments of all parameters are packed into one vector each, so that the arithmetic runs as a few operations over
 * every parameter at once; only the copies in and the steps out are per {@link ParameterRun run of parameters}, at
 * one BLAS call each. All
 * buffers are allocated at the first step and reused.
 */
final class Adam implements FirstOrderOptimizer {

    private static final String STEP_KEY = "step";
    private static final String M = "m/";
    private static final String V = "v/";

    private final AdamConfig config;
    private long step;
    /** Packed at the first update, for the parameters it is given. */
    private Moments moments;
    /** Moments restored from a checkpoint before the first update packed them, by key. */
    private Map<String, INDArray> restored = Map.of();

    Adam(AdamConfig config) {
        this.config = config;
    }

    @Override
    public void update(Parameters parameters, StepContext context) {
        step++;
        Moments s = moments(parameters);
        double lr = learningRate(context).getAsDouble();
        double bias1 = 1 - Math.pow(config.beta1(), step);
        double bias2 = 1 - Math.pow(config.beta2(), step);
        double wd = config.weightDecay();

        s.gradient.copyFrom(parameters, ParameterRun::gradients);
        if (wd > 0 && !config.decoupled()) {
            parameters.runs().forEach(run -> Vectors.addScaled(s.gradient.part(run), wd, run.values()));
        }
        updateMoments(s, bias2);
        for (ParameterRun run : parameters.runs()) {
            if (wd > 0 && config.decoupled()) {
                Vectors.scale(run.values(), 1 - lr * wd);
            }
            Vectors.addScaled(run.values(), -lr / bias1, s.update.part(run));
        }
    }

    /**
     * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², u ← m / (√(v/(1−β2ᵗ)) + eps), over every parameter at once: one
     * loop in Java where {@link Vectors#loopable} allows (float32 on the CPU), ND4J's operations elsewhere. ResNet-20
     * on 2 cores, just after a pass: ND4J's operations took 3-17 ms (median 11), the loop about 1 ms.
     */
    private void updateMoments(Moments s, double bias2) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        INDArray g = s.gradient.all();
        if (Vectors.loopable(g, s.m.all(), s.v.all(), s.update.all())) {
            FloatBuffer gs = Vectors.floats(g);
            FloatBuffer ms = Vectors.floats(s.m.all());
            FloatBuffer vs = Vectors.floats(s.v.all());
            FloatBuffer us = Vectors.floats(s.update.all());
            for (int i = 0; i < gs.limit(); i++) {
                double gi = gs.get(i);
                double mi = beta1 * ms.get(i) + (1 - beta1) * gi;
                double vi = beta2 * vs.get(i) + (1 - beta2) * gi * gi;
                ms.put(i, (float) mi);
                vs.put(i, (float) vi);
                us.put(i, (float) (mi / (Math.sqrt(vi / bias2) + config.eps())));
            }
        } else {
            Vectors.scale(s.m.all(), beta1);
            Vectors.addScaled(s.m.all(), 1 - beta1, g);
            Vectors.scale(s.v.all(), beta2);
            Vectors.addScaled(s.v.all(), 1 - beta2, g.muli(g));
            Transforms.sqrt(s.update.all().assign(s.v.all()).muli(1 / bias2), false)
                    .addi(config.eps())
                    .rdivi(s.m.all());
        }
    }

    private Moments moments(Parameters parameters) {
        if (moments == null) {
            moments = new Moments(parameters);
            for (Parameter p : parameters) {
                restore(M + p.name(), moments.m.part(p));
                restore(V + p.name(), moments.v.part(p));
            }
            restored = Map.of();
        } else {
            moments.m.requirePacks(parameters, "Adam");
        }
        return moments;
    }

    private void restore(String key, INDArray into) {
        INDArray saved = restored.get(key);
        if (saved != null) {
            into.assign(saved);
        }
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return OptionalDouble.of(config.lr() * context.learningRateFactor());
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(STEP_KEY, Nd4j.scalar(DataType.LONG, step));
        if (moments == null) {
            state.putAll(restored);
        } else {
            moments.m.parts().forEach((name, m) -> {
                state.put(M + name, m);
                state.put(V + name, moments.v.part(name));
            });
        }
        return state;
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        INDArray savedStep = state.get(STEP_KEY);
        if (savedStep == null) {
            throw new IllegalArgumentException("Adam state has no '" + STEP_KEY + "' entry");
        }
        Map<String, INDArray> saved = new LinkedHashMap<>();
        state.forEach((key, value) -> {
            if (key.startsWith(M)) {
                String name = key.substring(M.length());
                INDArray v = state.get(V + name);
                if (v == null) {
                    throw new IllegalArgumentException("Adam state has m/" + name + " but no v/" + name);
                }
                saved.put(key, value.dup());
                saved.put(V + name, v.dup());
            }
        });
        step = savedStep.getLong(0);
        moments = null;
        restored = saved;
    }

    /** The first moment m, once Adam has stepped. */
    @Override
    public Optional<INDArray> momentum(Parameter parameter) {
        return moments != null
                ? Optional.of(moments.m.part(parameter))
                : Optional.ofNullable(restored.get(M + parameter.name()));
    }

    /** The moment estimates of every parameter, the gradient copied beside them, and the update computed from them. */
    private static final class Moments {
        final PackedTensors m;
        final PackedTensors v;
        final PackedTensors gradient;
        final PackedTensors update;

        Moments(Parameters parameters) {
            this.m = new PackedTensors(parameters);
            this.v = new PackedTensors(parameters);
            this.gradient = new PackedTensors(parameters);
            this.update = new PackedTensors(parameters);
        }
    }
}
