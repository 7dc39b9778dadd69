package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The kit's objective is what it says, and its contract fails the optimizers that break it. */
class OptimizerContractTest {

    @Test
    void theQuadraticsGradientIsItsClosedFormAndMatchesFiniteDifferences() {
        Quadratic q = Quadratic.standard();
        q.objective().evaluate();
        double[] g = q.gradient();
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] up = Quadratic.W0.clone();
            double[] down = Quadratic.W0.clone();
            up[i] += h;
            down[i] -= h;
            q.setW(up);
            double lossUp = q.objective().evaluate().loss();
            q.setW(down);
            double lossDown = q.objective().evaluate().loss();
            assertThat(g[i]).isCloseTo((lossUp - lossDown) / (2 * h), within(1e-8));
        }
        assertThat(g).containsExactly(q.gradientAt(Quadratic.W0, 0, 4), within(1e-15));
        q.setW(Quadratic.W0);
        assertThat(q.objective().subset(new int[] {1, 3}).exampleLosses())
                .containsExactly(q.lossAt(Quadratic.W0, 1), q.lossAt(Quadratic.W0, 3));
    }

    @Test
    void testSgdKeepsTheContract() {
        OptimizerContract.assertHolds(() -> new TestSgd(new TestSgd.Config(0.1, 0.9)));
        OptimizerContract.assertHolds(() -> new TestSgd(new TestSgd.Config(0.1, 0)));
    }

    /** Steps like TestSgd with momentum, but its restore forgets the momentum. */
    private static final class Forgetful extends Delegating {
        Forgetful() {
            super(new TestSgd(new TestSgd.Config(0.1, 0.9)));
        }

        @Override
        public void restoreState(Map<String, INDArray> state) {}
    }

    /** Steps with the gradient whatever it holds. */
    private static final class Reckless extends Delegating {
        Reckless() {
            super(new TestSgd(new TestSgd.Config(0.1, 0)));
        }

        @Override
        public StepReport step(Parameters parameters, Objective objective, StepContext context) {
            var evaluation = objective.evaluate();
            inner.update(parameters, context);
            return new StepReport(evaluation, 1);
        }
    }

    /** Steps as if the learning-rate factor were 1. */
    private static final class Deaf extends Delegating {
        Deaf() {
            super(new TestSgd(new TestSgd.Config(0.1, 0)));
        }

        @Override
        public void update(Parameters parameters, StepContext context) {
            inner.update(parameters, StepContext.constant(context.iteration(), context.epoch()));
        }
    }

    private abstract static class Delegating implements FirstOrderOptimizer {
        final FirstOrderOptimizer inner;

        Delegating(FirstOrderOptimizer inner) {
            this.inner = inner;
        }

        @Override
        public void update(Parameters parameters, StepContext context) {
            inner.update(parameters, context);
        }

        @Override
        public Map<String, INDArray> state() {
            return inner.state();
        }

        @Override
        public void restoreState(Map<String, INDArray> state) {
            inner.restoreState(state);
        }
    }

    @Test
    void theContractFailsOptimizersThatBreakIt() {
        assertThatThrownBy(() -> OptimizerContract.assertStateRoundTrip(Forgetful::new, 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the step after a restore");
        assertThatThrownBy(() -> OptimizerContract.assertRefusesNonFiniteGradients(Reckless::new))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was not refused");
        assertThatThrownBy(() -> OptimizerContract.assertLearningRateFactorHonoured(Deaf::new))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("learning-rate factor 0");
        Optimizer sgd = new TestSgd(new TestSgd.Config(0.1, 0));
        assertThatThrownBy(
                        () -> OptimizerContract.assertSameSteps(sgd, new TestSgd(new TestSgd.Config(0.2, 0)), 2, 1e-9))
                .isInstanceOf(AssertionError.class);
    }
}
