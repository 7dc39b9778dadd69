package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.SamTest.RHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.testkit.OptimizerContract;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ZsharpTest {

    private static final StepContext STEP = StepContext.constant(0, 0);

    private static Optimizer zsharp(OptimizerConfig base, double percentile, SharpnessKeys keys) {
        return new ZsharpProvider().create(new ZsharpConfig(base, percentile, keys), Bases.context(4));
    }

    /**
     * A 2x4 weight under c = [1, 4, 1, 4, ...] (g = [1, 4, 0.5, −2, 2, 1, −1, 12]) and a bias with g = [0.3, −0.1]:
     * the values the authors' code gives (ρ 0.05, SGD at learning rate 0.1), worked out by hand from its
     * {@code first_step}.
     */
    private static Separable problem() {
        return new Separable(
                List.of(
                        Separable.parameter(
                                "layer/W",
                                ParameterRole.WEIGHT,
                                Nd4j.create(new double[] {1, 1, 0.5, -0.5, 2, 0.25, -1, 3}, new long[] {2, 4}, 'c')),
                        Separable.parameter("layer/b", ParameterRole.BIAS, Nd4j.createFromArray(0.3, -0.1))),
                List.of(
                        Nd4j.create(new double[] {1, 4, 1, 4, 1, 4, 1, 4}, new long[] {2, 4}, 'c'),
                        Nd4j.createFromArray(1.0, 1.0)));
    }

    @Test
    void keepsTheEntriesAboveThePercentileAndGivesEachTensorItsOwnRadius() {
        Separable atNinetyFive = problem();
        Separable atSeventy = problem();

        zsharp(SGD, 0.95, FamilyChecks.keys(0.05)).step(atNinetyFive.parameters, atNinetyFive, STEP);
        zsharp(SGD, 0.70, FamilyChecks.keys(0.05)).step(atSeventy.parameters, atSeventy, STEP);

        // 0.95: only the last entry (|z| 2.25) lies above the threshold 1.80, so e = (0, ..., 0, 0.05) there
        assertThat(atNinetyFive.parameters.list().get(0).value().data().asDouble())
                .containsExactly(new double[] {0.9, 0.6, 0.45, -0.3, 1.8, 0.15, -0.9, 1.78}, within(1e-9));
        // 0.70: three entries kept (threshold 0.70), F scaled to length ρ
        assertThat(atSeventy.parameters.list().get(0).value().data().asDouble())
                .containsExactly(
                        new double[] {0.9, 0.6, 0.45, -0.2967230723, 1.8, 0.15, -0.899590384, 1.780338434},
                        within(1e-9));
        // the bias is perturbed as SAM does it, by the norm of the whole raw gradient (13.0900725743)
        double[] biasStep = {0.0011459065574, -0.0003819688525};
        assertThat(atNinetyFive.parameters.list().get(1).value().data().asDouble())
                .containsExactly(
                        new double[] {0.3 - 0.1 * (0.3 + biasStep[0]), -0.1 - 0.1 * (-0.1 + biasStep[1])},
                        within(1e-12));
    }

    @Test
    void aTensorThatTheFilterEmptiesIsPerturbedAsSamPerturbsIt() {
        Separable flat = new Separable(
                List.of(Separable.parameter(
                        "layer/W", ParameterRole.WEIGHT, Nd4j.ones(2, 2).muli(0.5))),
                List.of(Nd4j.ones(2, 2))); // every entry's gradient equal: every z is 0, nothing lies above
        Separable reference = new Separable(
                List.of(Separable.parameter(
                        "layer/W", ParameterRole.WEIGHT, Nd4j.ones(2, 2).muli(0.5))),
                List.of(Nd4j.ones(2, 2)));

        zsharp(SGD, 0.95, FamilyChecks.keys(RHO)).step(flat.parameters, flat, STEP);
        FamilyChecks.sam(RHO, SGD).step(reference.parameters, reference, STEP);

        assertThat(flat.parameters.list().get(0).value())
                .isEqualTo(reference.parameters.list().get(0).value());
    }

    /** The test kit's Quadratic has vectors alone: nothing is filtered, ZSharp is SAM. */
    @Test
    void onVectorsItIsSamStepForStep() {
        OptimizerContract.assertSameSteps(
                zsharp(ADAM, 0.95, FamilyChecks.keys(RHO)), FamilyChecks.sam(RHO, ADAM), 3, 0);
    }

    @Test
    void aPercentileOutsideTheOpenIntervalIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ZsharpConfig(SGD, 1.0, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("percentile: must be in (0, 1), got 1.0");
    }
}
