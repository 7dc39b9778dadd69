package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.optimizer.NonFiniteGradientException;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every optimizer keeps, checked on {@link Quadratic#standard()}: call {@link #assertHolds} from a plugin's
 * tests with a way to build a fresh optimizer, and {@link #assertSameSteps} for the identities a method reduces to
 * (ρ = 0 is its base; GSAM's α = 0 is SAM).
 */
public final class OptimizerContract {

    private OptimizerContract() {}

    /** Every check below, on optimizers from {@code create}. */
    public static void assertHolds(Supplier<Optimizer> create) {
        assertStateRoundTrip(create, 3);
        assertRefusesNonFiniteGradients(create);
        assertLearningRateFactorHonoured(create);
    }

    /**
     * After {@code before} steps the state is saved (copied, as a checkpoint would); a fresh optimizer restored from
     * it takes the next step exactly as the original does.
     *
     * @return the saved state, for checks of its keys
     */
    public static Map<String, INDArray> assertStateRoundTrip(Supplier<Optimizer> create, int before) {
        Quadratic q = Quadratic.standard();
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

        assertThat(q.w()).as("the step after a restore").containsExactly(continued);
        return saved;
    }

    /**
     * A NaN gradient, at the first evaluation of a run or at the second (a sharpness-aware method's perturbed pass),
     * is refused with the step and the parameter named, and the weights stay as they were before the step.
     */
    public static void assertRefusesNonFiniteGradients(Supplier<Optimizer> create) {
        for (int poisoned = 1; poisoned <= 2; poisoned++) {
            Quadratic q = Quadratic.standard();
            q.nanAtEvaluation = poisoned;
            Optimizer optimizer = create.get();
            int step = 0;
            double[] before = q.w();
            try {
                for (; step < 3; step++) {
                    before = q.w();
                    optimizer.step(q.parameters, q.objective(), StepContext.constant(step, 0));
                }
            } catch (NonFiniteGradientException e) {
                assertThat(e.getMessage()).contains("layer/b").contains("step " + step);
                assertThat(q.w()).as("weights after the refused step").containsExactly(before);
                continue;
            }
            throw new AssertionError("a NaN gradient at evaluation " + poisoned + " was not refused");
        }
    }

    /** A step under a learning-rate factor of 0 leaves the weights where they were. */
    public static void assertLearningRateFactorHonoured(Supplier<Optimizer> create) {
        Quadratic q = Quadratic.standard();
        Optimizer optimizer = create.get();
        optimizer.step(q.parameters, q.objective(), new StepContext(0, 0, 0.0));
        assertThat(q.w())
                .as("weights after a step with learning-rate factor 0")
                .containsExactly(Quadratic.W0, within(0.0));
    }

    /** Stepped side by side from the same start, both optimizers end at the same weights (to {@code tolerance}). */
    public static void assertSameSteps(Optimizer method, Optimizer reference, int steps, double tolerance) {
        Quadratic withMethod = Quadratic.standard();
        Quadratic withReference = Quadratic.standard();
        for (int step = 0; step < steps; step++) {
            method.step(withMethod.parameters, withMethod.objective(), StepContext.constant(step, 0));
            reference.step(withReference.parameters, withReference.objective(), StepContext.constant(step, 0));
        }
        assertThat(withMethod.w()).containsExactly(withReference.w(), within(tolerance));
    }
}
