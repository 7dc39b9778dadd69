package dev.samlab.optim.sam;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.NonFiniteGradientException;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two-pass step of SAM (Foret et al. 2021) and ASAM (Kwon et al. 2021) around any first-order base:
 * <ol>
 *   <li>g = ∇L(w)</li>
 *   <li>e = ρ · T²g / (‖T g‖ + ε), the norm over all parameters together ({@link AscentGeometry} gives T)</li>
 *   <li>g' = ∇L(w + e)</li>
 *   <li>w is restored from a copy, bit for bit, and the base optimizer steps with g'</li>
 * </ol>
 * Buffers are allocated at the first step and reused.
 */
public final class SharpnessAware implements Optimizer {

    private static final String BASE = "base/";

    private final SharpnessSettings settings;
    private final AscentGeometry geometry;
    private final FirstOrderOptimizer base;
    private final Map<String, Buffers> buffers = new HashMap<>();

    public SharpnessAware(SharpnessSettings settings, AscentGeometry geometry, FirstOrderOptimizer base) {
        this.settings = settings;
        this.geometry = geometry;
        this.base = base;
    }

    /**
     * Builds the base optimizer configured under {@code base} and checks that it can be handed a gradient.
     *
     * @param method the wrapping method's name, for the error message
     */
    public static FirstOrderOptimizer firstOrderBase(OptimizerContext context, OptimizerConfig baseConfig,
                                                     String method) {
        Optimizer base = context.create("base", baseConfig);
        if (!(base instanceof FirstOrderOptimizer firstOrder)) {
            throw new InvalidConfigException("base", "must be a first-order optimizer such as sgd or adam: " + method
                    + " hands its base the gradient taken at the perturbed weights, and this base takes no gradient");
        }
        return firstOrder;
    }

    @Override
    public StepReport step(Parameters parameters, Objective objective, StepContext context) {
        if (settings.rho() == 0) {
            return base.step(parameters, objective, context);
        }
        List<Parameter> list = parameters.list();
        list.forEach(p -> buffers.computeIfAbsent(p.name(), name -> new Buffers(p.value())));
        int batch = objective.batchSize();
        int groupSize = settings.m() == null ? batch : Math.min(settings.m(), batch);
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < batch; from += groupSize) {
            int to = Math.min(batch, from + groupSize);
            Objective group = groupSize == batch ? objective : objective.subBatch(from, to);
            Evaluation evaluation = perturbedGradient(parameters, group, context);
            lossSum += evaluation.loss() * evaluation.examples();
            correct += evaluation.correct();
            if (groupSize < batch) {
                accumulate(list, from == 0, (double) (to - from) / batch);
            }
        }
        if (groupSize < batch) {
            list.forEach(p -> p.gradient().assign(buffers.get(p.name()).average));
        }
        base.update(parameters, context);
        return new StepReport(new Evaluation(lossSum / batch, correct, batch), 2);
    }

    /** Leaves g' = ∇L(w + e) in the parameters' gradients and the weights exactly as they were. */
    private Evaluation perturbedGradient(Parameters parameters, Objective objective, StepContext context) {
        Evaluation atWeights = objective.evaluate();
        addLossWeightDecay(parameters);
        requireFinite(parameters, context, "at the current weights");
        for (Parameter p : parameters) {
            buffers.get(p.name()).saved.assign(p.value());
        }
        ascend(parameters);
        objective.evaluate();
        addLossWeightDecay(parameters);
        for (Parameter p : parameters) {
            p.value().assign(buffers.get(p.name()).saved);
        }
        requireFinite(parameters, context, "at the perturbed weights");
        return atWeights;
    }

    /** w ← w + ρ · T²g / (‖T g‖ + ε); a zero gradient leaves w where it is. */
    private void ascend(Parameters parameters) {
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            Buffers b = buffers.get(p.name());
            geometry.applyT(p, b.ascent.assign(p.gradient()), b.scratch);
            double norm = b.ascent.norm2Number().doubleValue();
            sumOfSquares += norm * norm;
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm == 0) {
            return;
        }
        double scale = settings.rho() / (norm + settings.epsilon());
        for (Parameter p : parameters) {
            Buffers b = buffers.get(p.name());
            geometry.applyT(p, b.ascent, b.scratch);
            p.value().addi(b.ascent.muli(scale));
        }
    }

    private void addLossWeightDecay(Parameters parameters) {
        double lambda = settings.lossWeightDecay();
        if (lambda > 0) {
            for (Parameter p : parameters) {
                p.gradient().addi(buffers.get(p.name()).scratch.assign(p.value()).muli(lambda));
            }
        }
    }

    private void accumulate(List<Parameter> parameters, boolean first, double weight) {
        for (Parameter p : parameters) {
            INDArray average = buffers.get(p.name()).average();
            if (first) {
                average.assign(p.gradient()).muli(weight);
            } else {
                average.addi(buffers.get(p.name()).scratch.assign(p.gradient()).muli(weight));
            }
        }
    }

    private static void requireFinite(Parameters parameters, StepContext context, String where) {
        parameters.firstWithNonFiniteGradient().ifPresent(p -> {
            throw new NonFiniteGradientException(context.iteration(), p.name(), where);
        });
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return base.learningRate(context);
    }

    /** The base optimizer's state, its keys prefixed with {@code base/}; the method itself keeps none. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        base.state().forEach((key, value) -> state.put(BASE + key, value));
        return state;
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        Map<String, INDArray> baseState = new LinkedHashMap<>();
        state.forEach((key, value) -> {
            if (!key.startsWith(BASE)) {
                throw new IllegalArgumentException("unknown state entry '" + key + "': expected base/...");
            }
            baseState.put(key.substring(BASE.length()), value);
        });
        base.restoreState(baseState);
    }

    /** One parameter's saved weights, ascent step, scratch space, and (for m-sharpness) averaged gradient. */
    private static final class Buffers {
        final INDArray saved;
        final INDArray ascent;
        final INDArray scratch;
        private INDArray average;

        Buffers(INDArray like) {
            this.saved = like.ulike();
            this.ascent = like.ulike();
            this.scratch = like.ulike();
        }

        INDArray average() {
            if (average == null) {
                average = saved.ulike();
            }
            return average;
        }
    }
}
