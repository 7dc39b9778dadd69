package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.LR;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.SamTest.RHO;
import static dev.samlab.testkit.Quadratic.B;
import static dev.samlab.testkit.Quadratic.W0;
import static dev.samlab.testkit.Quadratic.norm;
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

class FriendlySamTest {

    private static Optimizer friendly(OptimizerConfig base, double sigma, double lambda) {
        return new FriendlySamProvider()
                .create(new FriendlySamConfig(base, sigma, lambda, FamilyChecks.keys(RHO)), Bases.context(4));
    }

    @Test
    void sigmaZeroIsSamStepForStep() {
        OptimizerContract.assertSameSteps(friendly(ADAM, 0, 0.9), FamilyChecks.sam(RHO, ADAM), 3, 0);
    }

    @Test
    void twoStepsMatchTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer friendly = friendly(SGD, 0.8, 0.9);

        friendly.step(q.parameters, q.objective(), StepContext.constant(0, 0));
        friendly.step(q.parameters, q.objective(), StepContext.constant(1, 0));

        double[] g0 = q.gradientAt(W0, 0, 4); // the first ascent is SAM's, and the average starts at g0
        double[] w1 = plus(W0, -LR, q.gradientAt(plus(W0, RHO / (norm(g0) + 1e-12), g0), 0, 4));
        double[] g1 = q.gradientAt(w1, 0, 4);
        double[] d = plus(g1, -0.8, g0);
        double[] w2 = plus(w1, -LR, q.gradientAt(plus(w1, RHO / (norm(d) + 1e-12), d), 0, 4));
        assertThat(q.w()).containsExactly(w2, within(1e-12));
    }

    @Test
    void theMovingAverageIsCheckpointedAndAResumedRunContinuesExactly() {
        assertThat(OptimizerContract.assertStateRoundTrip(() -> friendly(ADAM, 1, 0.9), 2))
                .containsKeys("method/m/layer/W", "method/m/layer/b");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new FriendlySamConfig(SGD, -1.0, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("sigma: must be >= 0 (0 is SAM), got -1.0");
        assertThatThrownBy(() -> new FriendlySamConfig(SGD, null, 1.5, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("lambda: must be in [0, 1], got 1.5");
    }
}
