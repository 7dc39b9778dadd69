package dev.samlab.optim.sgd;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;

/**
 * Stochastic gradient descent with momentum, in PyTorch's formulation (the SAM and ASAM papers' base optimizer:
 * lr 0.1, momentum 0.9, weight decay 5e-4).
 *
 * @param lr          step size (default 0.1)
 * @param momentum    momentum factor μ (default 0.9; 0 for plain SGD)
 * @param dampening   fraction of the gradient held back from the momentum buffer (default 0)
 * @param nesterov    Nesterov momentum: step along g + μ·b instead of b (default false)
 * @param weightDecay L2 penalty: weightDecay·w added to the gradient (default 0)
 */
public record SgdConfig(Double lr, Double momentum, Double dampening, Boolean nesterov, Double weightDecay)
        implements OptimizerConfig {

    public SgdConfig {
        lr = lr == null ? 0.1 : lr;
        momentum = momentum == null ? 0.9 : momentum;
        dampening = dampening == null ? 0.0 : dampening;
        nesterov = nesterov != null && nesterov;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        check(lr > 0, "lr", "must be > 0, got " + lr);
        check(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1), got " + momentum);
        check(dampening >= 0 && dampening <= 1, "dampening", "must be in [0, 1], got " + dampening);
        check(weightDecay >= 0, "weightDecay", "must be >= 0, got " + weightDecay);
        check(
                !nesterov || (momentum > 0 && dampening == 0),
                "nesterov",
                "needs momentum > 0 and dampening 0, got momentum " + momentum + " and dampening " + dampening);
    }

    /** All defaults. */
    public SgdConfig() {
        this(null, null, null, null, null);
    }
}
