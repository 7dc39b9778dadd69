package dev.samlab.optim.sam;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.PackedTensors;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.api.sharpness.AscentRule;
import dev.samlab.api.sharpness.CheckedGradient;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.sharpness.Perturbation;
import dev.samlab.api.sharpness.RadiusSchedule;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.api.tensor.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lookbehind-SAM's step (Mordido et al., ICML 2024): k ascent steps from the slow weights ψ that add up, θ_i = θ_{i−1}
 * + ρ·d_i/(‖d_i‖ + ε), each d_i read at θ_{i−1}; the base steps k times on fast weights φ from ψ, the i-th time with
 * g(θ_i); then ψ + α·(φ_k − ψ) is where every copy of the weights goes. α is fixed, or per tensor (φ_1 − ψ against
 * φ_k − ψ): α = (cos + 1)/2. k + 1 gradient evaluations a step: the authors' code takes 2k, evaluating each θ_i twice,
 * for its ascent and its descent. All k gradients are taken before the base's first step, so a refused step leaves
 * the weights and the base's state as they were.
 *
 * <p>The base steps k times a step, which {@link dev.samlab.api.sharpness.SharpnessAware}'s single update does not
 * express: so this implements {@link Optimizer} itself, from the core's building blocks ({@link Perturbation},
 * {@link CheckedGradient}, {@link MethodState}).
 */
final class Lookbehind implements Optimizer {

    /** The norms' floor in the adaptive α, as PyTorch's {@code CosineSimilarity}. */
    private static final double COSINE_EPSILON = 1e-8;

    private final FirstOrderOptimizer base;
    private final SharpnessSettings settings;
    private final RadiusSchedule radius;
    private final int steps;
    /** Null: adaptive. */
    private final Double alpha;

    private final MethodState state = new MethodState();
    private final Perturbation ascent;
    private PackedTensors firstFast;
    private PackedTensors difference;
    private final List<PackedTensors> perturbedGradients = new ArrayList<>();

    /**
     * A Lookbehind method as a provider configures it: the base under {@code base}, ρ from the shared keys.
     *
     * @param alpha the fixed α in (0, 1], or null for the adaptive one
     */
    static Lookbehind configure(
            String method,
            OptimizerConfig baseConfig,
            SharpnessSettings settings,
            OptimizerContext context,
            AscentRule rule,
            int steps,
            Double alpha) {
        return new Lookbehind(
                SharpnessAware.firstOrderBase(context, baseConfig, method),
                settings,
                RadiusSchedule.of(settings, context.seed()),
                rule,
                steps,
                alpha);
    }

    private Lookbehind(
            FirstOrderOptimizer base,
            SharpnessSettings settings,
            RadiusSchedule radius,
            AscentRule rule,
            int steps,
            Double alpha) {
        this.base = base;
        this.settings = settings;
        this.radius = radius;
        this.steps = steps;
        this.alpha = alpha;
        this.ascent = new Perturbation(settings, rule, state);
    }

    @Override
    public StepReport step(Parameters parameters, Objective objective, StepContext context) {
        double lossWeightDecay = settings.lossWeightDecay();
        Evaluation evaluation =
                CheckedGradient.evaluate(objective, parameters, context, lossWeightDecay, "at the current weights");
        double rho = radius.rho(context);
        if (rho == 0) {
            base.update(parameters, context);
            return new StepReport(evaluation, 1);
        }
        allocate(parameters);
        ascent.start(parameters); // saves ψ
        for (int i = 0; i < steps; i++) {
            ascent.step(context, parameters, rho, Double.POSITIVE_INFINITY);
            ascent.evaluate(
                    objective, parameters, context, lossWeightDecay, "at ascent step " + (i + 1) + " of " + steps);
            perturbedGradients.get(i).copyFrom(parameters, ParameterRun::gradients);
        }
        ascent.restore(parameters);
        for (int i = 0; i < steps; i++) {
            perturbedGradients.get(i).copyTo(parameters, ParameterRun::gradients);
            base.update(parameters, context);
            if (i == 0 && alpha == null) {
                firstFast.copyFrom(parameters, ParameterRun::values);
            }
        }
        lookBehind(parameters);
        return new StepReport(evaluation, 1 + steps);
    }

    /** w ← ψ + α·(φ_k − ψ), per tensor; the weights hold φ_k, the perturbation's saved weights ψ. */
    private void lookBehind(Parameters parameters) {
        difference.copyFrom(parameters, ParameterRun::values);
        ascent.restore(parameters);
        for (Parameter p : parameters) {
            INDArray move = difference.part(p);
            Vectors.addScaled(move, -1, p.value());
            double a = alpha != null ? alpha : adaptiveAlpha(p, move);
            Vectors.addScaled(p.value(), a, move);
        }
    }

    /** (cos(φ_1 − ψ, φ_k − ψ) + 1)/2, each norm floored at 1e-8 as PyTorch's cosine similarity; p holds ψ. */
    private double adaptiveAlpha(Parameter p, INDArray move) {
        INDArray firstMove = firstFast.part(p);
        Vectors.addScaled(firstMove, -1, p.value());
        double norms = Math.max(Vectors.norm(firstMove), COSINE_EPSILON) * Math.max(Vectors.norm(move), COSINE_EPSILON);
        return (Vectors.dot(firstMove, move) / norms + 1) / 2;
    }

    private void allocate(Parameters parameters) {
        if (difference == null) {
            difference = new PackedTensors(parameters);
            firstFast = alpha == null ? new PackedTensors(parameters) : null;
            for (int i = 0; i < steps; i++) {
                perturbedGradients.add(new PackedTensors(parameters));
            }
        }
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return base.learningRate(context);
    }

    @Override
    public Map<String, INDArray> state() {
        return state.withBase(base);
    }

    @Override
    public void restoreState(Map<String, INDArray> saved) {
        state.restoreWithBase(saved, base);
    }
}
