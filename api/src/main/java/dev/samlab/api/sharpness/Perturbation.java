package dev.samlab.api.sharpness;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRun;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.PackedTensors;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.tensor.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves the weights of the perturbed roles to w + e along an {@link AscentRule}, and back: the ascent of
 * {@link SharpnessAware}, public for methods that implement {@code Optimizer} directly (Lookbehind-SAM steps its base
 * between ascent steps). {@link #start} saves w; each {@link #step} reads the rule's direction at the current point,
 * whose gradient the parameters must hold; {@link #restore} puts w back bit for bit. Buffers are allocated at the
 * first start, for the parameters it is given, and reused.
 */
public final class Perturbation {

    private final SharpnessSettings settings;
    private final AscentRule rule;
    private final MethodState state;

    private PackedTensors saved;
    private PackedTensors direction;
    private PackedTensors scratch;
    /** e, kept by {@link #step} only. */
    private PackedTensors offset;

    /**
     * @param settings which roles are perturbed, and the ε of ρ/(‖d‖ + ε)
     * @param state    the method's state, which the rule may keep momenta in
     */
    public Perturbation(SharpnessSettings settings, AscentRule rule, MethodState state) {
        this.settings = settings;
        this.rule = rule;
        this.state = state;
    }

    /** Saves w, the point every step is measured from; e = 0. Later calls must bring the same parameters. */
    public void start(Parameters parameters) {
        allocate(parameters);
        saved.copyFrom(parameters, ParameterRun::values);
        if (offset != null) {
            Vectors.scale(offset.all(), 0);
        }
    }

    /** SAM's single step, in place and without keeping e: w ← w + ρ·d/(‖d‖ + ε); a zero d leaves w where it is. */
    public void stepOnce(StepContext context, Parameters parameters, double rho) {
        double norm = Math.sqrt(directions(context, parameters));
        if (norm == 0) {
            return;
        }
        double scale = rho / (norm + settings.epsilon());
        for (ParameterRun run : parameters.runs()) {
            if (run.parameters().stream().allMatch(this::perturbs)) {
                Vectors.addScaled(run.values(), scale, direction(run));
            } else {
                run.parameters().stream()
                        .filter(this::perturbs)
                        .forEach(p -> Vectors.addScaled(p.value(), scale, direction(p)));
            }
        }
    }

    /**
     * A step from the current point: e ← e + length·d/(‖d‖ + ε), pulled back to length {@code ball} where it is
     * longer (infinite: never), then w ← saved + e. A zero d leaves e as it is.
     */
    public void step(StepContext context, Parameters parameters, double length, double ball) {
        if (offset == null) {
            offset = new PackedTensors(parameters);
        }
        double sumOfSquares = directions(context, parameters);
        if (sumOfSquares > 0) {
            double scale = length / (Math.sqrt(sumOfSquares) + settings.epsilon());
            parameters.stream()
                    .filter(this::perturbs)
                    .forEach(p -> Vectors.addScaled(offset.part(p), scale, direction(p)));
            double norm = Vectors.norm(offset.all());
            if (norm > ball) {
                Vectors.scale(offset.all(), ball / norm);
            }
        }
        restore(parameters);
        parameters.runs().forEach(run -> Vectors.addScaled(run.values(), 1, offset.part(run)));
    }

    /**
     * A pass at the perturbed point as {@link CheckedGradient#evaluate} takes it, except that w is put back before a
     * non-finite gradient is refused.
     *
     * @param where where the point is, for the refusal's message: "at ascent step 2 of 3"
     */
    public Evaluation evaluate(
            Objective objective, Parameters parameters, StepContext context, double lossWeightDecay, String where) {
        Evaluation evaluation = objective.evaluate();
        CheckedGradient.addLossWeightDecay(parameters, lossWeightDecay);
        if (parameters.firstWithNonFiniteGradient().isPresent()) {
            restore(parameters);
            CheckedGradient.requireFinite(parameters, context, where);
        }
        return evaluation;
    }

    /** w ← the weights {@link #start} saved, bit for bit. */
    public void restore(Parameters parameters) {
        saved.copyTo(parameters, ParameterRun::values);
    }

    /**
     * The buffer per parameter that ascent rules overwrite, free between ascents: {@link SharpnessAware} lends it to
     * its descent rules as their scratch, as it did before there was a Perturbation, rather than keep a second one.
     */
    PackedTensors scratch(Parameters parameters) {
        allocate(parameters);
        return scratch;
    }

    /** At the first call; later calls must bring the same parameters. */
    private void allocate(Parameters parameters) {
        if (saved == null) {
            saved = new PackedTensors(parameters);
            direction = new PackedTensors(parameters);
            scratch = new PackedTensors(parameters);
        } else {
            saved.requirePacks(parameters, "this method");
        }
    }

    /** Has the rule write d for every perturbed parameter; returns Σ n. */
    private double directions(StepContext context, Parameters parameters) {
        rule.beforeDirections(context, parameters, state);
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            if (perturbs(p)) {
                sumOfSquares += rule.direction(context, p, direction.part(p), scratch.part(p), state);
            }
        }
        return sumOfSquares;
    }

    private boolean perturbs(Parameter p) {
        return settings.perturb().contains(p.role());
    }

    private INDArray direction(ParameterRun run) {
        return rule.pointsAlongGradient() ? run.gradients() : direction.part(run);
    }

    private INDArray direction(Parameter p) {
        return rule.pointsAlongGradient() ? p.gradient() : direction.part(p);
    }
}
