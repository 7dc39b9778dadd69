package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.LR;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.SamTest.RHO;
import static dev.samlab.testkit.Quadratic.B;
import static dev.samlab.testkit.Quadratic.W0;
import static dev.samlab.testkit.Quadratic.dot;
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

class LookSamTest {

    private static Optimizer lookSam(OptimizerConfig base, int k, double alpha) {
        return new LookSamProvider()
                .create(new LookSamConfig(base, alpha, FamilyChecks.keys(RHO, null, k, null)), Bases.context(4));
    }

    @Test
    void kOfOneIsSamStepForStep() {
        OptimizerContract.assertSameSteps(lookSam(ADAM, 1, 0.7), FamilyChecks.sam(RHO, ADAM), 4, 0);
    }

    @Test
    void betweenSamStepsItAddsTheStoredFlatDirectionAtOnePasssCost() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer lookSam = lookSam(SGD, 2, 0.7);

        double first = lookSam.step(q.parameters, q.objective(), StepContext.constant(0, 0))
                .gradientEvaluations();
        double second = lookSam.step(q.parameters, q.objective(), StepContext.constant(1, 0))
                .gradientEvaluations();

        double[] g = q.gradientAt(W0, 0, 4);
        double[] gs = q.gradientAt(plus(W0, RHO / (norm(g) + 1e-12), g), 0, 4);
        double[] gv = plus(gs, -dot(gs, g) / dot(g, g), g);
        assertThat(dot(gv, g)).as("g_v is orthogonal to g").isCloseTo(0, within(1e-12));
        double[] w1 = plus(W0, -LR, gs);
        double[] g1 = q.gradientAt(w1, 0, 4);
        double[] d = plus(g1, 0.7 * norm(g1) / norm(gv), gv);
        assertThat(q.w()).containsExactly(plus(w1, -LR, d), within(1e-12));
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(1);
        assertThat(q.evaluations).isEqualTo(3);
    }

    @Test
    void theFlatDirectionIsCheckpointedAndAResumedRunContinuesExactly() {
        assertThat(OptimizerContract.assertStateRoundTrip(() -> lookSam(ADAM, 3, 0.7), 1))
                .containsKeys("method/gv/layer/W", "method/gv/layer/b", "base/step");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new LookSamConfig(SGD, null, FamilyChecks.keys(RHO, null, 0, null)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("every: must be >= 1 (the second pass every k-th step; 1 is every step), got 0");
        assertThatThrownBy(() -> new LookSamConfig(SGD, null, FamilyChecks.keys(RHO, 2, null, null)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("m: LookSAM keeps one");
        assertThatThrownBy(() -> new LookSamConfig(SGD, -0.1, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("alpha: must be >= 0, got -0.1");
    }
}
