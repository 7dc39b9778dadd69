package dev.samlab.optim.asam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adaptive Sharpness-Aware Minimization (Kwon et al. 2021, arXiv 2102.11600).
 *
 * @param rho             radius of the adaptive neighbourhood (default 0.5; the paper uses 0.5 on CIFAR-10, 1.0 on
 *                        CIFAR-100, and about 10x SAM's rho in general); 0 runs the base optimizer alone
 * @param eta             η in T = |w| + η (default 0.01)
 * @param base            the first-order optimizer that takes the step
 * @param m               m-sharpness sub-batch size (default: none)
 * @param epsilon         ε in ρ/(‖T g‖ + ε) (default 1e-16, as the official code)
 * @param lossWeightDecay L2 weight decay inside the loss ASAM sees (default 0: left to the base optimizer)
 * @param adaptive        roles whose tensors are rescaled by T; the others use T = 1. Default
 *                        {@code [weight, norm_scale]}, as the official code (it rescales tensors named "weight",
 *                        which in PyTorch includes batch-norm scales); list all four roles for davda54/sam's variant
 */
public record AsamConfig(Double rho, Double eta, OptimizerConfig base, Integer m, Double epsilon,
                         Double lossWeightDecay, List<String> adaptive) implements OptimizerConfig {

    public AsamConfig {
        rho = rho == null ? 0.5 : rho;
        eta = eta == null ? 0.01 : eta;
        epsilon = epsilon == null ? 1e-16 : epsilon;
        lossWeightDecay = lossWeightDecay == null ? 0.0 : lossWeightDecay;
        adaptive = adaptive == null ? List.of("weight", "norm_scale") : List.copyOf(adaptive);
        check(eta >= 0, "eta", "must be >= 0, got " + eta);
        check(base != null, "base", "missing: name the optimizer ASAM wraps, such as base: { name: sgd, lr: 0.1 }");
        check(!(base instanceof AsamConfig), "base",
                "ASAM cannot wrap ASAM; name a first-order optimizer such as sgd or adam");
        for (int i = 0; i < adaptive.size(); i++) {
            String role = adaptive.get(i);
            check(Arrays.stream(ParameterRole.values()).anyMatch(r -> r.name().equalsIgnoreCase(role)),
                    "adaptive[" + i + "]", "unknown role '" + role + "'; expected one of: " + Arrays.stream(
                            ParameterRole.values()).map(r -> r.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }
        new SharpnessSettings(rho, m, epsilon, lossWeightDecay); // validates the options ASAM shares with SAM
    }

    SharpnessSettings settings() {
        return new SharpnessSettings(rho, m, epsilon, lossWeightDecay);
    }

    Set<ParameterRole> adaptiveRoles() {
        Set<ParameterRole> roles = EnumSet.noneOf(ParameterRole.class);
        adaptive.forEach(role -> roles.add(ParameterRole.valueOf(role.toUpperCase(Locale.ROOT))));
        return roles;
    }
}
