package dev.samlab.api.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.tensor.Vectors;
import java.nio.FloatBuffer;
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

    /**
     * ASAM's ascent: d = T²g, with share ‖T g‖² of the squared norm; one loop in Java over each rescaled tensor where
     * {@link Vectors#loopable} allows (float32 on the CPU), seven ND4J operations per tensor elsewhere.
     */
    public AscentRule ascent() {
        return (step, parameter, direction, scratch, state) -> {
            INDArray w = parameter.value();
            INDArray g = parameter.gradient();
            if (!roles.contains(parameter.role())) {
                Vectors.copy(g, direction);
                double norm = Vectors.norm(g);
                return norm * norm;
            }
            if (!Vectors.loopable(w, g, direction)) {
                applyTo(parameter, direction.assign(g), scratch);
                double norm = direction.norm2Number().doubleValue();
                applyTo(parameter, direction, scratch);
                return norm * norm;
            }
            FloatBuffer ws = Vectors.floats(w);
            FloatBuffer gs = Vectors.floats(g);
            FloatBuffer ds = Vectors.floats(direction);
            double sumOfSquares = 0;
            for (int i = 0; i < ws.limit(); i++) {
                double t = Math.abs(ws.get(i)) + eta;
                double tg = t * gs.get(i);
                sumOfSquares += tg * tg;
                ds.put(i, (float) (t * tg));
            }
            return sumOfSquares;
        };
    }
}
