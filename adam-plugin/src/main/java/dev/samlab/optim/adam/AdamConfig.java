package dev.samlab.optim.adam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;

/**
 * Adam's settings (Kingma and Ba 2015), with PyTorch's conventions for eps and weight decay.
 *
 * @param lr          step size (default 0.001)
 * @param beta1       decay of the first-moment average (default 0.9)
 * @param beta2       decay of the second-moment average (default 0.999)
 * @param eps         added to the bias-corrected root of the second moment (default 1e-8)
 * @param weightDecay weight decay factor (default 0: none)
 * @param decoupled   true (default): AdamW, w ← w·(1 − lr·weightDecay) beside the Adam step (Loshchilov and
 *                    Hutter 2019); false: classic L2, weightDecay·w added to the gradient before the moments
 */
public record AdamConfig(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay, Boolean decoupled)
        implements OptimizerConfig {

    public AdamConfig {
        lr = lr == null ? 0.001 : lr;
        beta1 = beta1 == null ? 0.9 : beta1;
        beta2 = beta2 == null ? 0.999 : beta2;
        eps = eps == null ? 1e-8 : eps;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        decoupled = decoupled == null || decoupled;
        check(lr > 0, "lr", "must be > 0, got " + lr);
        check(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1), got " + beta1);
        check(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1), got " + beta2);
        check(eps > 0, "eps", "must be > 0, got " + eps);
        check(weightDecay >= 0, "weightDecay", "must be >= 0, got " + weightDecay);
    }

    /** All defaults. */
    public AdamConfig() {
        this(null, null, null, null, null, null);
    }
}
