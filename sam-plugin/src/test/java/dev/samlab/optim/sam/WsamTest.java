package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.LR;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.SamTest.RHO;
import static dev.samlab.optim.sam.SamTest.samGradient;
import static dev.samlab.testkit.Quadratic.B;
import static dev.samlab.testkit.Quadratic.W0;
import static dev.samlab.testkit.Quadratic.plus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import org.junit.jupiter.api.Test;

class WsamTest {

    private static final double GAMMA = 0.8;
    /** γ/(1 − γ) */
    private static final double WEIGHT = 4;

    private static Optimizer wsam(OptimizerConfig base, double gamma, boolean decoupled) {
        return new WsamProvider()
                .create(new WsamConfig(base, gamma, decoupled, FamilyChecks.keys(RHO)), Bases.context(4));
    }

    @Test
    void coupledTheBaseStepsWithTheWeightedSumOfBothGradients() {
        Quadratic q = new Quadratic(W0, B);

        wsam(SGD, GAMMA, false).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        double[] g = q.gradientAt(W0, 0, 4);
        double[] direction = plus(g, WEIGHT, plus(samGradient(q, W0, 0, 4), -1, g)); // g + a·(g_p − g)
        assertThat(q.w()).containsExactly(plus(W0, -LR, direction), within(1e-12));
    }

    @Test
    void decoupledTheBaseStepsWithGAndTheSharpnessTermFollowsAtTheBasesLearningRate() {
        Quadratic q = new Quadratic(W0, B);

        wsam(ADAM, GAMMA, true).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        double[] g = q.gradientAt(W0, 0, 4);
        Quadratic adamAlone = new Quadratic(W0, B);
        Bases.adam(0.01).step(adamAlone.parameters, adamAlone.objective(), StepContext.constant(0, 0));
        double[] sharpness = plus(samGradient(q, W0, 0, 4), -1, g);
        assertThat(q.w()).containsExactly(plus(adamAlone.w(), -0.01 * WEIGHT, sharpness), within(1e-12));
    }

    @Test
    void gammaOneHalfIsSam() {
        OptimizerContract.assertSameSteps(wsam(ADAM, 0.5, false), FamilyChecks.sam(RHO, ADAM), 3, 1e-15);
        OptimizerContract.assertSameSteps(wsam(SGD, 0.5, true), FamilyChecks.sam(RHO, SGD), 3, 1e-12);
    }

    @Test
    void restoredStateContinuesExactly() {
        assertThat(OptimizerContract.assertStateRoundTrip(() -> wsam(ADAM, GAMMA, true), 2))
                .containsKey("base/step");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new WsamConfig(SGD, 1.0, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("gamma: must be in [0, 1) (0.5 is SAM), got 1.0");
        assertThatThrownBy(() -> new WsamConfig(SGD, null, null, FamilyChecks.keys(RHO, 2, null, null)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("m: the decoupled form");
        assertThat(new WsamConfig(SGD, null, false, FamilyChecks.keys(RHO, 2, null, null)).decoupled())
                .isFalse();
    }
}
