package dev.samlab.api.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ASAM's normalization operator (Kwon et al. 2021): T_w = |w| + η element-wise on the tensors of the given roles,
 * the identity on the others. Its ascent rule climbs in the ball ‖T⁻¹e‖ ≤ ρ: e = ρ · T²g / ‖T g‖, which makes
 * sharpness invariant to rescaling the weights.
 *
 * @param eta   keeps zero weights perturbable (ASAM's default 0.01)
 * @param roles the roles rescaled; ASAM's official code rescales weights and batch-norm scales ({@link #DEFAULT_ROLES})
 */
public record AdaptiveScale(double eta, Set<ParameterRole> roles) {

    /** The tensors PyTorch calls "weight": kernels, dense weights and batch-norm scales. */
    public static final Set<ParameterRole> DEFAULT_ROLES = Set.of(ParameterRole.WEIGHT, ParameterRole.NORM_SCALE);

    public AdaptiveScale {
        roles = Set.copyOf(roles);
    }

    /** Multiplies {@code vector} in place by T at the parameter's current value; {@code scratch} is overwritten. */
    public void applyTo(Parameter parameter, INDArray vector, INDArray scratch) {
        if (roles.contains(parameter.role())) {
            vector.muli(Transforms.abs(scratch.assign(parameter.value()), false).addi(eta));
        }
    }

    /** ASAM's ascent: d = T²g, with share ‖T g‖² of the squared norm. */
    public AscentRule ascent() {
        return (step, parameter, direction, scratch, state) -> {
            applyTo(parameter, direction.assign(parameter.gradient()), scratch);
            double norm = direction.norm2Number().doubleValue();
            applyTo(parameter, direction, scratch);
            return norm * norm;
        };
    }
}
