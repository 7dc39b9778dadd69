package dev.samlab.api.sharpness;

import dev.samlab.api.InvalidConfigException;
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
import dev.samlab.api.tensor.Vectors;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The step every sharpness-aware method shares, around any first-order base optimizer, written once:
 * <ol>
 *   <li>ρ = the {@link RadiusSchedule}'s for this step; 0 means one pass: g = ∇L(w), the {@link DescentRule}'s
 *       {@code withoutAscent}, the base steps</li>
 *   <li>g = ∇L(w); a NaN or infinite gradient is refused, naming the parameter</li>
 *   <li>e = ρ · d / (√(Σ n) + ε), d and n from the {@link AscentRule}, on the perturbed roles only; with several
 *       {@link AscentSteps}, e ← Proj(e + α · d / (√(Σ n) + ε)) k times, each step's d read at w + e after a pass
 *       there</li>
 *   <li>g' = ∇L(w + e), on the examples the {@link PerturbedEvaluation} picks (the objective leaves batch-norm
 *       statistics alone after a step's first pass)</li>
 *   <li>w is restored from a copy, bit for bit; the {@link DescentRule} turns g and g' into the gradient the base
 *       optimizer steps with; the base steps; the descent rule's {@code afterUpdate}</li>
 * </ol>
 * With m-sharpness each sub-batch of m examples is perturbed by its own gradient, and the gradients the descent
 * rule leaves are averaged. The method's {@link MethodState} is checkpointed beside the base's. Buffers are
 * allocated at the first step and reused.
 *
 * <pre>{@code
 * SharpnessAware gsam = SharpnessAware.around(base).settings(settings).descent(new SurrogateGap(0.2)).build();
 * }</pre>
 */
public final class SharpnessAware implements Optimizer {

    private final FirstOrderOptimizer base;
    private final SharpnessSettings settings;
    private final RadiusSchedule radius;
    private final AscentRule ascent;
    private final AscentSteps steps;
    private final PerturbedEvaluation perturbedEvaluation;
    private final DescentRule descent;
    /** Whether g(w) is copied before the second pass overwrites it: SAM's descent rule never reads it. */
    private final boolean keepsGradientAtWeights;

    private final MethodState state = new MethodState();
    private final Perturbation perturbation;
    /** Allocated at the first step, for the parameters it is given. */
    private Buffers buffers;

    private SharpnessAware(Builder builder) {
        this.base = builder.base;
        this.settings = builder.settings;
        this.radius = builder.radius != null ? builder.radius : RadiusSchedule.of(settings, builder.seed);
        this.ascent = builder.ascent;
        this.steps = builder.steps;
        this.perturbedEvaluation = builder.perturbedEvaluation;
        this.descent = builder.descent;
        this.keepsGradientAtWeights = ascent.readsGradient() && descent != DescentRule.PERTURBED_GRADIENT;
        this.perturbation = new Perturbation(settings, ascent, state);
    }

    /** Starts a method around {@code base}: SAM unless the builder is told otherwise. */
    public static Builder around(FirstOrderOptimizer base) {
        return new Builder(base);
    }

    /**
     * What a method's provider starts from: the base optimizer configured under {@code base}, built and checked,
     * the shared settings, with m checked against the training batch size, and the run's seed.
     *
     * @param method the method's name, for error messages
     */
    public static Builder configure(
            String method, OptimizerConfig baseConfig, SharpnessSettings settings, OptimizerContext context) {
        settings.requireFits(context.batchSize());
        return around(firstOrderBase(context, baseConfig, method))
                .settings(settings)
                .seed(context.seed());
    }

    /**
     * Builds the base optimizer configured under {@code base} and checks that it can be handed a gradient.
     *
     * @param method the wrapping method's name, for the error message
     */
    public static FirstOrderOptimizer firstOrderBase(
            OptimizerContext context, OptimizerConfig baseConfig, String method) {
        if (baseConfig == null) {
            throw new InvalidConfigException(
                    "base", "missing: name the optimizer " + method + " wraps, such as base: { name: sgd, lr: 0.1 }");
        }
        Optimizer base = context.create("base", baseConfig);
        if (!(base instanceof FirstOrderOptimizer firstOrder)) {
            throw new InvalidConfigException(
                    "base",
                    "must be a first-order optimizer such as sgd or adam: " + method
                            + " hands its base the gradient taken at the perturbed weights, and this base takes no gradient");
        }
        return firstOrder;
    }

    @Override
    public StepReport step(Parameters parameters, Objective objective, StepContext context) {
        allocateBuffers(parameters);
        double rho = radius.rho(context);
        if (!(rho >= 0)) {
            throw new IllegalStateException("the radius schedule gave ρ = " + rho + " at step " + context.iteration());
        }
        if (rho == 0) {
            Evaluation evaluation = gradientAtWeights(parameters, objective, context);
            descent.withoutAscent(gradients(parameters, Parameter::gradient), state);
            base.update(parameters, context);
            return new StepReport(evaluation, 1);
        }
        int batch = objective.batchSize();
        int groupSize = settings.m() == null ? batch : Math.min(settings.m(), batch);
        Evaluation evaluation = new Evaluation(0, 0, 0);
        double passes = 0;
        for (int from = 0; from < batch; from += groupSize) {
            int to = Math.min(batch, from + groupSize);
            Objective group = groupSize == batch ? objective : objective.subBatch(from, to);
            Pass pass = descentGradient(parameters, group, context, rho);
            evaluation = evaluation.plus(pass.evaluation());
            passes += pass.passes() * (to - from) / batch;
            if (groupSize < batch) {
                accumulate(parameters, from == 0, (double) (to - from) / batch);
            }
        }
        if (groupSize < batch) {
            buffers.average().copyTo(parameters, ParameterRun::gradients);
        }
        base.update(parameters, context);
        descent.afterUpdate(
                gradients(parameters, this::gradientAtWeightsCopy),
                state,
                base.learningRate(context).orElse(Double.NaN));
        return new StepReport(evaluation, passes);
    }

    /** What one group of examples reported, and the passes over it that it cost. */
    private record Pass(Evaluation evaluation, double passes) {}

    private Evaluation gradientAtWeights(Parameters parameters, Objective objective, StepContext context) {
        return CheckedGradient.evaluate(
                objective, parameters, context, settings.lossWeightDecay(), "at the current weights");
    }

    /** Leaves the descent rule's gradient in the parameters' gradients and the weights exactly as they were. */
    private Pass descentGradient(Parameters parameters, Objective objective, StepContext context, double rho) {
        boolean firstPass = ascent.readsGradient();
        Evaluation atWeights = firstPass ? gradientAtWeights(parameters, objective, context) : null;
        perturbation.start(parameters);
        if (keepsGradientAtWeights) {
            buffers.gradientAtWeights().copyFrom(parameters, ParameterRun::gradients);
        }
        if (firstPass) {
            perturbedEvaluation.beforeAscent(objective);
        }
        if (steps.single()) {
            perturbation.stepOnce(context, parameters, rho);
        } else {
            ascendInSteps(context, parameters, objective, rho);
        }
        Evaluation perturbed = firstPass ? null : objective.evaluate();
        double fraction = firstPass ? perturbedEvaluation.evaluate(objective) : 1;
        CheckedGradient.addLossWeightDecay(parameters, settings.lossWeightDecay());
        perturbation.restore(parameters);
        CheckedGradient.requireFinite(parameters, context, "at the perturbed weights");
        descent.afterAscent(gradients(parameters, this::gradientAtWeightsCopy), state);
        int extraPasses = steps.count() - 1;
        return firstPass
                ? new Pass(atWeights, 1 + extraPasses + fraction)
                : new Pass(perturbed, extraPasses + fraction);
    }

    /** The k steps of {@link AscentSteps}, with a checked pass at each point but the last, whose pass is the caller's. */
    private void ascendInSteps(StepContext context, Parameters parameters, Objective objective, double rho) {
        for (int step = 1; step <= steps.count(); step++) {
            if (step > 1) {
                perturbation.evaluate(
                        objective,
                        parameters,
                        context,
                        settings.lossWeightDecay(),
                        "at ascent step " + step + " of " + steps.count());
                descent.atAscentPoint(step - 1, gradients(parameters, this::gradientAtWeightsCopy), state);
            }
            perturbation.step(context, parameters, steps.stepSize() * rho, steps.ball() * rho);
        }
    }

    /** The copy of g(w) where one was kept, else the gradient itself. */
    private INDArray gradientAtWeightsCopy(Parameter p) {
        return keepsGradientAtWeights ? buffers.gradientAtWeights().part(p) : p.gradient();
    }

    private Gradients gradients(Parameters parameters, Function<Parameter, INDArray> atWeights) {
        return new Gradients(parameters, atWeights, buffers.scratch::part);
    }

    private void accumulate(Parameters parameters, boolean first, double weight) {
        PackedTensors average = buffers.average();
        if (first) {
            average.copyFrom(parameters, ParameterRun::gradients);
            Vectors.scale(average.all(), weight);
        } else {
            parameters.runs().forEach(run -> Vectors.addScaled(average.part(run), weight, run.gradients()));
        }
    }

    /** At the first step; later steps must bring the same parameters. */
    private void allocateBuffers(Parameters parameters) {
        if (buffers == null) {
            buffers = new Buffers(parameters, perturbation.scratch(parameters));
        } else {
            buffers.scratch.requirePacks(parameters, "this method");
        }
    }

    @Override
    public OptionalDouble learningRate(StepContext context) {
        return base.learningRate(context);
    }

    /** The base optimizer's state under {@code base/}, the method's own under {@code method/}. */
    @Override
    public Map<String, INDArray> state() {
        return state.withBase(base);
    }

    @Override
    public void restoreState(Map<String, INDArray> saved) {
        state.restoreWithBase(saved, base);
    }

    /** Configures a {@link SharpnessAware}: SAM's rules unless replaced. */
    public static final class Builder {
        private final FirstOrderOptimizer base;
        private SharpnessSettings settings = SharpnessSettings.builder().build();
        private long seed;
        private RadiusSchedule radius;
        private AscentRule ascent = AscentRule.GRADIENT;
        private AscentSteps steps = AscentSteps.ONE;
        private PerturbedEvaluation perturbedEvaluation = PerturbedEvaluation.WHOLE_BATCH;
        private DescentRule descent = DescentRule.PERTURBED_GRADIENT;

        private Builder(FirstOrderOptimizer base) {
            this.base = Objects.requireNonNull(base, "base");
        }

        /** The optimizer that takes the step, for rules that read its state (Momentum-SAM). */
        public FirstOrderOptimizer base() {
            return base;
        }

        /** ρ, m, ε, the loss's weight decay, the perturbed roles, and when steps ascend. */
        public Builder settings(SharpnessSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Seeds the draws of {@code probability}; the run's seed, so that reruns and resumed runs agree. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Replaces the schedule the settings describe. */
        public Builder radius(RadiusSchedule radius) {
            this.radius = Objects.requireNonNull(radius, "radius");
            return this;
        }

        public Builder ascent(AscentRule ascent) {
            this.ascent = Objects.requireNonNull(ascent, "ascent");
            return this;
        }

        /** Several ascent steps instead of SAM's one; the ascent rule must read the gradient at each point. */
        public Builder steps(AscentSteps steps) {
            this.steps = Objects.requireNonNull(steps, "steps");
            return this;
        }

        public Builder perturbedEvaluation(PerturbedEvaluation perturbedEvaluation) {
            this.perturbedEvaluation = Objects.requireNonNull(perturbedEvaluation, "perturbedEvaluation");
            return this;
        }

        public Builder descent(DescentRule descent) {
            this.descent = Objects.requireNonNull(descent, "descent");
            return this;
        }

        public SharpnessAware build() {
            if (steps.count() > 1 && !ascent.readsGradient()) {
                throw new IllegalStateException(
                        "several ascent steps need an ascent rule that reads the gradient at each point; this one"
                                + " reads none, so every step would go the same way");
            }
            return new SharpnessAware(this);
        }
    }

    /**
     * Scratch space for descent rules (the perturbation's, which the ascent rule also overwrites), g(w) (for descent
     * rules that read it) and the m-sharpness average.
     */
    private static final class Buffers {
        final Parameters parameters;
        final PackedTensors scratch;
        private PackedTensors gradientAtWeights;
        private PackedTensors average;

        Buffers(Parameters parameters, PackedTensors scratch) {
            this.parameters = parameters;
            this.scratch = scratch;
        }

        PackedTensors gradientAtWeights() {
            if (gradientAtWeights == null) {
                gradientAtWeights = new PackedTensors(parameters);
            }
            return gradientAtWeights;
        }

        PackedTensors average() {
            if (average == null) {
                average = new PackedTensors(parameters);
            }
            return average;
        }
    }
}
