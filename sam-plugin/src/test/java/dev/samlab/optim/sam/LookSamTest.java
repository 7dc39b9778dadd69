package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.Quadratic.norm;
import static dev.samlab.optim.sam.Quadratic.plus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.sgd.SgdConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LookSamTest {

    private static final double[] W0 = SamTest.W0;
    private static final double[][] B = SamTest.B;
    private static final double RHO = 0.3;
    private static final double LR = 0.1;
    private static final OptimizerConfig SGD = new SgdConfig(LR, 0.0, null, null, null);
    private static final OptimizerConfig ADAM = new AdamConfig(0.01, null, null, null, null, null);

    private static Optimizer lookSam(OptimizerConfig base, int k, double alpha) {
        return new LookSamProvider().create(new LookSamConfig(base, RHO, k, alpha, null, null), Bases.context(4));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void kOfOneIsSamStepForStep() {
        Quadratic withLookSam = new Quadratic(W0, B);
        Quadratic withSam = new Quadratic(W0, B);
        Optimizer lookSam = lookSam(ADAM, 1, 0.7);
        Optimizer sam = new SamProvider().create(new SamConfig(RHO, ADAM, null, null, null), Bases.context(4));

        for (int step = 0; step < 4; step++) {
            lookSam.step(withLookSam.parameters, withLookSam.objective(), StepContext.constant(step, 0));
            sam.step(withSam.parameters, withSam.objective(), StepContext.constant(step, 0));
        }

        assertThat(withLookSam.w()).containsExactly(withSam.w());
    }

    @Test
    void betweenSamStepsItAddsTheStoredFlatDirectionAtOnePasssCost() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer lookSam = lookSam(SGD, 2, 0.7);

        int first = lookSam.step(q.parameters, q.objective(), StepContext.constant(0, 0)).gradientEvaluations();
        int second = lookSam.step(q.parameters, q.objective(), StepContext.constant(1, 0)).gradientEvaluations();

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
        Quadratic q = new Quadratic(W0, B);
        Optimizer original = lookSam(ADAM, 3, 0.7);
        original.step(q.parameters, q.objective(), StepContext.constant(0, 0));
        Map<String, INDArray> saved = new HashMap<>();
        original.state().forEach((key, value) -> saved.put(key, value.dup()));
        double[] afterOne = q.w();
        original.step(q.parameters, q.objective(), StepContext.constant(1, 0));
        double[] continued = q.w();

        Optimizer restored = lookSam(ADAM, 3, 0.7);
        restored.restoreState(saved);
        q.setW(afterOne);
        restored.step(q.parameters, q.objective(), StepContext.constant(1, 0));

        assertThat(saved).containsKeys("method/gv/layer/W", "method/gv/layer/b", "base/step");
        assertThat(q.w()).containsExactly(continued);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new LookSamConfig(SGD, null, 0, null, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("k: must be >= 1 (a SAM step every k steps; 1 is SAM), got 0");
        assertThatThrownBy(() -> new LookSamConfig(SGD, null, null, -0.1, null, null))
                .isInstanceOf(InvalidConfigException.class).hasMessage("alpha: must be >= 0, got -0.1");
    }
}
