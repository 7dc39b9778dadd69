package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * ZSharp, SAM with z-score gradient filtering (Yun 2025, arXiv 2505.02369): the ascent keeps, in each weight tensor,
 * the gradient's entries whose |z| is above the tensor's {@code percentile}, each such tensor perturbed by ρ on its
 * own; the descent with the raw g(w + e); two gradient evaluations. The paper's method section could not be read from
 * here; this follows the authors' code, which their README calls official (YUNBLAK/Sharpness-Aware-Minimization-with-
 * Z-Score-Gradient-Filtering, commit 52764f8fe1147cd6234c89ab999a7f6c6a1a29eb, {@code main.py}: {@code class SAM}'s
 * {@code first_step}, {@code --alpha 0.95}): a per-tensor threshold, the standard deviation with n − 1, a per-tensor
 * radius (so ‖e‖ is about ρ·√(weight tensors)), SAM's perturbation for vectors and for tensors the filter empties. A
 * third-party implementation (bangyen/zsharp) takes one global threshold and one global norm instead.
 *
 * @param base       the first-order optimizer that takes the step
 * @param percentile the quantile of |z| an entry must lie strictly above to be kept, in (0, 1) (default 0.95)
 * @param sharpness  the keys every sharpness-aware method accepts, written at this level
 */
public record ZsharpConfig(OptimizerConfig base, Double percentile, SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public ZsharpConfig {
        percentile = Objects.requireNonNullElse(percentile, 0.95);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(percentile > 0 && percentile < 1, "percentile", "must be in (0, 1), got " + percentile);
    }
}
