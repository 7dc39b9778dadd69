package dev.samlab.optim.asam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Adaptive Sharpness-Aware Minimization (Kwon et al. 2021, arXiv 2102.11600). ρ 0.5 by default (the paper uses 0.5
 * on CIFAR-10, 1.0 on CIFAR-100, and about 10x SAM's ρ in general), ε 1e-16 as the official code.
 *
 * @param base      the first-order optimizer that takes the step
 * @param eta       η in T = |w| + η (default 0.01)
 * @param adaptive  roles whose tensors are rescaled by T; the others use T = 1. Default {@code [weight, norm_scale]},
 *                  as the official code (it rescales tensors named "weight", which in PyTorch includes batch-norm
 *                  scales); list all four roles for davda54/sam's variant
 * @param sharpness the keys every sharpness-aware method accepts, written at this level
 */
public record AsamConfig(OptimizerConfig base, Double eta, List<String> adaptive, SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().rho(0.5).epsilon(1e-16).build();

    public AsamConfig {
        eta = Objects.requireNonNullElse(eta, 0.01);
        adaptive = List.copyOf(Objects.requireNonNullElse(adaptive, List.of("weight", "norm_scale")));
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(eta >= 0, "eta", "must be >= 0, got " + eta);
        ParameterRole.parse("adaptive", adaptive);
    }

    Set<ParameterRole> adaptiveRoles() {
        return ParameterRole.parse("adaptive", adaptive);
    }
}
