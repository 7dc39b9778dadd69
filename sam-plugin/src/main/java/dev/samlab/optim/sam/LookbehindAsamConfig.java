package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InlineKeys;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Lookbehind-ASAM: Lookbehind-SAM's step ({@link Lookbehind}) around ASAM's ascent, d = T²g with T = |θ| + η taken at
 * the current perturbed point θ, as the authors' {@code LookbehindASAM} (chandar-lab/Lookbehind-SAM commit ac7c5af3):
 * ρ 0.5, η 0.01 (the class's default; their script passes {@code --eta}, whose default is 0), k 2, α adaptive.
 *
 * @param base      the first-order optimizer that takes the k fast steps
 * @param steps     k ≥ 1 (default 2)
 * @param alpha     the fixed α in (0, 1]; unset, adaptive per tensor
 * @param eta       η in T (default 0.01)
 * @param adaptive  the roles rescaled by T (default {@code [weight, norm_scale]}, the tensors PyTorch calls "weight")
 * @param sharpness the keys every sharpness-aware method accepts, written at this level; m-sharpness is refused
 */
public record LookbehindAsamConfig(
        OptimizerConfig base,
        Integer steps,
        Double alpha,
        Double eta,
        List<String> adaptive,
        @InlineKeys.Refused("m") SharpnessKeys sharpness)
        implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS =
            SharpnessSettings.builder().rho(0.5).epsilon(1e-16).build();

    public LookbehindAsamConfig {
        steps = Objects.requireNonNullElse(steps, 2);
        eta = Objects.requireNonNullElse(eta, 0.01);
        adaptive = List.copyOf(Objects.requireNonNullElse(adaptive, List.of("weight", "norm_scale")));
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        LookbehindSamConfig.checkLookbehindKeys(steps, alpha, sharpness);
        check(eta >= 0, "eta", "must be >= 0, got " + eta);
        ParameterRole.parse("adaptive", adaptive);
    }

    Set<ParameterRole> adaptiveRoles() {
        return ParameterRole.parse("adaptive", adaptive);
    }
}
