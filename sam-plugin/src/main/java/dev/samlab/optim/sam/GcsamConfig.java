package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * GCSAM, gradient centralization before SAM's ascent (Hassan et al. 2025, arXiv 2501.11584): e = ρ·GC(g)/(‖g‖ + ε),
 * GC taking each output unit's mean out of the gradients of weight tensors; the descent with the raw g(w + e). As the
 * authors' code (Mohamed-Hassan22/GCSAM, the repository the paper names, commit ea7c117e46fd0da2ba17e53f2292e7e50ef4e4d1,
 * {@code cifar10_gcsam_resnet50.py}: {@code centralized_gradient} and {@code class GCSAM}) and pytorch_optimizer's
 * {@code SAM(use_gc=True)} (kozistr/pytorch_optimizer commit 7a076d2f): ρ 0.05, the norm of the uncentralized
 * gradient, so ‖e‖ ≤ ρ. Vectors (biases, batch norm) are perturbed as SAM perturbs them.
 *
 * @param base      the first-order optimizer that takes the step
 * @param sharpness the keys every sharpness-aware method accepts, written at this level
 */
public record GcsamConfig(OptimizerConfig base, SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public GcsamConfig {
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
    }
}
