package dev.samlab.optim.asam;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.optim.sam.AscentGeometry;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ASAM's normalisation operator: T = |w| + η element-wise on the tensors of the chosen roles, 1 elsewhere. */
final class AdaptiveGeometry implements AscentGeometry {

    private final double eta;
    private final Set<ParameterRole> roles;

    AdaptiveGeometry(double eta, Set<ParameterRole> roles) {
        this.eta = eta;
        this.roles = Set.copyOf(roles);
    }

    @Override
    public void applyT(Parameter parameter, INDArray vector, INDArray scratch) {
        if (roles.contains(parameter.role())) {
            vector.muli(Transforms.abs(scratch.assign(parameter.value()), false).addi(eta));
        }
    }
}
