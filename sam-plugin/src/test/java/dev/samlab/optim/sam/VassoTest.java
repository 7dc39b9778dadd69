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
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import org.junit.jupiter.api.Test;

class VassoTest {

    /** The authors' ε, VaSSO's default. */
    private static final double EPSILON = 1e-7;

    private static Optimizer vasso(OptimizerConfig base, double theta, SharpnessKeys keys) {
        return new VassoProvider().create(new VassoConfig(base, theta, keys), Bases.context(4));
    }

    @Test
    void thetaOneIsSamStepForStep() {
        SharpnessKeys samsEpsilon = new SharpnessKeys(RHO, null, 1e-12, null, null, null, null, null, null, null);
        OptimizerContract.assertSameSteps(vasso(ADAM, 1, samsEpsilon), FamilyChecks.sam(RHO, ADAM), 3, 0);
    }

    /** d₁ = g₁ (not θ·g₁: the second step tells them apart), then d₂ = (1 − θ)·d₁ + θ·g₂. */
    @Test
    void twoStepsMatchTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer vasso = vasso(SGD, 0.4, FamilyChecks.keys(RHO));

        vasso.step(q.parameters, q.objective(), StepContext.constant(0, 0));
        vasso.step(q.parameters, q.objective(), StepContext.constant(1, 0));

        double[] d1 = q.gradientAt(W0, 0, 4);
        double[] w1 = plus(W0, -LR, q.gradientAt(plus(W0, RHO / (norm(d1) + EPSILON), d1), 0, 4));
        double[] d2 = plus(plus(new double[3], 0.6, d1), 0.4, q.gradientAt(w1, 0, 4));
        double[] w2 = plus(w1, -LR, q.gradientAt(plus(w1, RHO / (norm(d2) + EPSILON), d2), 0, 4));
        assertThat(q.w()).containsExactly(w2, within(1e-12));
    }

    /** The value BingcongLi/VaSSO's code gives: L = ½(w₁² + 4w₂²) from (1, 1), ρ 0.05, θ 0.4, SGD at 0.1, two steps. */
    @Test
    void matchesTheAuthorsCode() {
        Separable problem = Separable.authorsQuadratic();
        Optimizer vasso = vasso(SGD, 0.4, FamilyChecks.keys(0.05));

        vasso.step(problem.parameters, problem, StepContext.constant(0, 0));
        vasso.step(problem.parameters, problem, StepContext.constant(1, 0));

        assertThat(problem.parameters.list().get(0).value().toDoubleVector())
                .containsExactly(new double[] {0.8075238000, 0.3291406500}, within(1e-9));
    }

    @Test
    void theAverageIsCheckpointedAndAResumedRunContinuesExactly() {
        assertThat(OptimizerContract.assertStateRoundTrip(() -> vasso(ADAM, 0.9, FamilyChecks.keys(RHO)), 2))
                .containsKeys("method/d/layer/W", "method/d/layer/b");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new VassoConfig(SGD, 0.0, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("theta: must be in (0, 1]");
        assertThatThrownBy(() -> new VassoConfig(SGD, null, FamilyChecks.keys(RHO, 2, null, null)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("m: ");
    }
}
