package dev.samlab.optim.sam;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.sgd.SgdConfig;

/** The bases and keys the SAM family's tests build their methods from. */
final class FamilyChecks {

    static final double LR = 0.1;
    /** Plain SGD at {@link #LR}: closed forms stay readable. */
    static final OptimizerConfig SGD = new SgdConfig(LR, 0.0, null, null, null);
    /** Adam: a base with state, for identities and round trips. */
    static final OptimizerConfig ADAM = new AdamConfig(0.01, null, null, null, null, null);

    private FamilyChecks() {}

    static Optimizer sam(double rho, OptimizerConfig base) {
        return new SamProvider().create(new SamConfig(base, keys(rho)), Bases.context(4));
    }

    /** The shared keys with ρ given and the others left to the method. */
    static SharpnessKeys keys(double rho) {
        return keys(rho, null, null, null);
    }

    /** The shared keys with ρ, m, a pass every k-th step and a ρ schedule given, the others left to the method. */
    static SharpnessKeys keys(Double rho, Integer m, Integer every, Double rhoMin) {
        return new SharpnessKeys(
                rho, m, null, null, null, every, null, null, rhoMin == null ? null : "learningRate", rhoMin);
    }
}
