package dev.samlab.runner.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.sharpness.AdaptiveScale;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flatness measures of a loss surface at the model's weights w: the largest Hessian eigenvalue, the Hessian's
 * trace, worst-case sharpness in a Euclidean or an adaptive ball, and average sharpness under random perturbations.
 * Hessian-vector products are central differences of gradients, Hv ≈ (∇L(w+εv) − ∇L(w−εv)) / 2ε, with
 * ε = step · max(1, ‖w‖) / ‖v‖: a perturbation of a fixed fraction of the weights' norm.
 */
final class Measures {

    private static final Logger LOG = LoggerFactory.getLogger(Measures.class);

    record PowerIteration(double value, int iterations, boolean converged) {}

    record Estimate(double mean, double standardError, int samples) {}

    record WorstCase(double oneStep, double projected, int steps) {}

    private final LossSurface surface;
    private final double relativeStep;
    private final double weightNorm;

    Measures(LossSurface surface, double relativeStep) {
        this.surface = surface;
        this.relativeStep = relativeStep;
        this.weightNorm = surface.weights().norm();
    }

    Direction hessianTimes(Direction v) {
        double epsilon = relativeStep * Math.max(1, weightNorm) / v.norm();
        Direction plus = Direction.zerosLike(surface.parameters());
        Direction minus = Direction.zerosLike(surface.parameters());
        surface.at(v.copy().scale(epsilon), plus);
        surface.at(v.copy().scale(-epsilon), minus);
        return plus.add(-1, minus).scale(1 / (2 * epsilon));
    }

    /** Power iteration from a random start; stops when λ changes by less than {@code tolerance} relative. */
    PowerIteration lambdaMax(int maxIterations, double tolerance, SplittableRandom random) {
        Direction v = Direction.random(surface.parameters(), random, false);
        v.scale(1 / v.norm());
        double lambda = Double.NaN;
        for (int i = 1; i <= maxIterations; i++) {
            Direction hv = hessianTimes(v);
            double next = v.dot(hv);
            LOG.debug("lambda_max iteration {}/{}: {}", i, maxIterations, next);
            boolean converged = i > 1 && Math.abs(next - lambda) <= tolerance * Math.abs(next);
            lambda = next;
            if (converged) {
                return new PowerIteration(lambda, i, true);
            }
            v = hv.scale(1 / hv.norm());
        }
        return new PowerIteration(lambda, maxIterations, false);
    }

    /** Hutchinson: the mean of zᵀHz over Rademacher vectors z, with its standard error. */
    Estimate trace(int samples, SplittableRandom random) {
        double[] values = new double[samples];
        for (int s = 0; s < samples; s++) {
            Direction z = Direction.random(surface.parameters(), random, true);
            values[s] = z.dot(hessianTimes(z));
            LOG.debug("trace sample {}/{}: {}", s + 1, samples, values[s]);
        }
        return estimate(values);
    }

    /**
     * The largest loss increase found in the ball ‖T⁻¹e‖ ≤ ρ: first SAM's (or ASAM's) single ascent step, then
     * {@code steps − 1} more normalized ascent steps of ρ/2, each projected back onto the ball.
     *
     * @param eta η of the adaptive ball, T = |w| + η; negative for the Euclidean ball (T = 1)
     */
    WorstCase worstCase(double rho, double eta, int steps) {
        Direction scale = eta < 0 ? null : adaptiveScale(eta);
        Direction gradient = Direction.zerosLike(surface.parameters());
        double base = surface.at(null, gradient);
        Direction e = ascent(gradient, scale, rho);
        double oneStep = surface.at(e, gradient) - base;
        double best = oneStep;
        for (int s = 1; s < steps; s++) {
            e.add(1, ascent(gradient, scale, rho / 2));
            Direction inBall = scale == null ? e.copy() : e.copy().dividedBy(scale);
            double radius = inBall.norm();
            if (radius > rho) {
                e.scale(rho / radius);
            }
            best = Math.max(best, surface.at(e, gradient) - base);
        }
        return new WorstCase(oneStep, best, steps);
    }

    /** The mean and spread of L(w + d) − L(w) over random Gaussian directions d of norm ρ. */
    Estimate averageSharpness(double rho, int samples, SplittableRandom random) {
        double base = surface.at(null, null);
        double[] values = new double[samples];
        for (int s = 0; s < samples; s++) {
            Direction d = Direction.random(surface.parameters(), random, false);
            values[s] = surface.at(d.scale(rho / d.norm()), null) - base;
        }
        return estimate(values);
    }

    /** ρ · T²g / ‖T g‖, the first-order maximiser of gᵀe in the ball. */
    private static Direction ascent(Direction gradient, Direction scale, double rho) {
        Direction tg = gradient.copy();
        if (scale != null) {
            tg.times(scale);
        }
        double norm = tg.norm();
        if (norm == 0) {
            return tg;
        }
        if (scale != null) {
            tg.times(scale);
        }
        return tg.scale(rho / norm);
    }

    /** ASAM's T with its default roles, at the weights measured. */
    private Direction adaptiveScale(double eta) {
        AdaptiveScale scale = new AdaptiveScale(eta, AdaptiveScale.DEFAULT_ROLES);
        Direction t = surface.weights();
        for (int i = 0; i < t.parts.size(); i++) {
            Parameter parameter = surface.parameters().list().get(i);
            scale.applyTo(parameter, t.parts.get(i).assign(1), parameter.value().ulike());
        }
        return t;
    }

    private static Estimate estimate(double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double variance = values.length < 2
                ? 0
                : Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        return new Estimate(mean, Math.sqrt(variance / values.length), values.length);
    }
}
