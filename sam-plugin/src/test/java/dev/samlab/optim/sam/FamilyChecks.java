package dev.samlab.optim.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.sgd.SgdConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every method of the SAM family is checked for, on {@link SamTest}'s quadratic. */
final class FamilyChecks {

    static final double LR = 0.1;
    /** Plain SGD at {@link #LR}: closed forms stay readable. */
    static final OptimizerConfig SGD = new SgdConfig(LR, 0.0, null, null, null);
    /** Adam: a base with state, for identities and round trips. */
    static final OptimizerConfig ADAM = new AdamConfig(0.01, null, null, null, null, null);

    private FamilyChecks() {
    }

    static Quadratic quadratic() {
        return new Quadratic(SamTest.W0, SamTest.B);
    }

    static Optimizer sam(double rho, OptimizerConfig base) {
        return new SamProvider().create(new SamConfig(base, keys(rho)), Bases.context(4));
    }

    /** The shared keys with ρ given and the others left to the method. */
    static SharpnessKeys keys(double rho) {
        return keys(rho, null, null, null);
    }

    /** The shared keys with ρ, m, a pass every k-th step and a ρ schedule given, the others left to the method. */
    static SharpnessKeys keys(Double rho, Integer m, Integer every, Double rhoMin) {
        return new SharpnessKeys(rho, m, null, null, null, every, null, null,
                rhoMin == null ? null : "learningRate", rhoMin);
    }

    /** Stepped side by side from the same start, both optimizers end at the same weights (to {@code tolerance}). */
    static void assertSameSteps(Optimizer method, Optimizer reference, int steps, double tolerance) {
        Quadratic withMethod = quadratic();
        Quadratic withReference = quadratic();
        for (int step = 0; step < steps; step++) {
            method.step(withMethod.parameters, withMethod.objective(), StepContext.constant(step, 0));
            reference.step(withReference.parameters, withReference.objective(), StepContext.constant(step, 0));
        }
        assertThat(withMethod.w()).containsExactly(withReference.w(), within(tolerance));
    }

    /**
     * After {@code before} steps the state is saved; a fresh optimizer restored from it takes the next step exactly
     * as the original does.
     *
     * @return the saved state, for checks of its keys
     */
    static Map<String, INDArray> assertStateRoundTrip(Supplier<Optimizer> create, int before) {
        Quadratic q = quadratic();
        Optimizer original = create.get();
        for (int step = 0; step < before; step++) {
            original.step(q.parameters, q.objective(), StepContext.constant(step, 0));
        }
        Map<String, INDArray> saved = new HashMap<>();
        original.state().forEach((key, value) -> saved.put(key, value.dup()));
        double[] atSave = q.w();
        original.step(q.parameters, q.objective(), StepContext.constant(before, 0));
        double[] continued = q.w();

        Optimizer restored = create.get();
        restored.restoreState(saved);
        q.setW(atSave);
        restored.step(q.parameters, q.objective(), StepContext.constant(before, 0));

        assertThat(q.w()).containsExactly(continued);
        return saved;
    }
}
