package dev.samlab.api.sharpness;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InvalidConfigException;

/**
 * The options every sharpness-aware method shares (SAM, ASAM, GSAM, and third parties built on {@link SharpnessAware}).
 *
 * @param rho             radius of the neighbourhood; 0 makes the method its base optimizer
 * @param m               m-sharpness: perturb each sub-batch of m examples with its own gradient and average the
 *                        gradients taken there; {@code null} perturbs the whole batch at once
 * @param epsilon         added to the norm in ρ/(‖·‖ + ε), against division by zero
 * @param lossWeightDecay λ of an L2 term ½λ‖w‖² added to the loss the method sees, so that weight decay enters
 *                        the perturbation too (the official JAX SAM); 0 leaves weight decay to the base optimizer
 */
public record SharpnessSettings(double rho, Integer m, double epsilon, double lossWeightDecay) {

    public SharpnessSettings {
        check(rho >= 0, "rho", "must be >= 0 (0 means the base optimizer alone), got " + rho);
        check(m == null || m > 0, "m", "must be > 0, got " + m);
        check(epsilon >= 0, "epsilon", "must be >= 0, got " + epsilon);
        check(lossWeightDecay >= 0, "lossWeightDecay", "must be >= 0, got " + lossWeightDecay);
    }

    /** Checks {@code m} against the training batch size. */
    public void requireFits(int batchSize) {
        if (m != null && (m > batchSize || batchSize % m != 0)) {
            throw new InvalidConfigException("m", "must divide training.batchSize (" + batchSize + "), got " + m);
        }
    }
}
