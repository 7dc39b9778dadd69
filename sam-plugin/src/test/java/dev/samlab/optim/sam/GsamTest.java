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
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.optim.sgd.SgdConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GsamTest {

    private static final double[] W0 = SamTest.W0;
    private static final double[][] B = SamTest.B;
    private static final OptimizerConfig SGD = new SgdConfig(0.1, 0.0, null, null, null);
    private static final OptimizerConfig ADAM = new dev.samlab.optim.adam.AdamConfig(0.01, null, null, null, null, null);

    private static Optimizer gsam(OptimizerConfig base, double rhoMax, Double rhoMin, double alpha) {
        return new GsamProvider().create(new GsamConfig(base, rhoMax, rhoMin, alpha, null, null, null),
                Bases.context(4));
    }

    /** GSAM's descent direction in closed form: g_p − α·(g − (⟨g, g_p⟩/‖g_p‖²)·g_p), g_p taken at w + ρ g/‖g‖. */
    private static double[] gsamDirection(Quadratic q, double[] w, double rho, double alpha) {
        double[] g = q.gradientAt(w, 0, B.length);
        double[] gp = q.gradientAt(plus(w, rho / (norm(g) + 1e-12), g), 0, B.length);
        double projection = dot(g, gp) / dot(gp, gp);
        double[] orthogonal = plus(g, -projection, gp);
        assertThat(dot(orthogonal, gp)).as("g⊥ is orthogonal to g_p").isCloseTo(0, within(1e-12));
        return plus(gp, -alpha, orthogonal);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void oneStepWithSgdMatchesTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = gsam(SGD, 0.3, null, 0.4).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        assertThat(q.w()).containsExactly(plus(W0, -0.1, gsamDirection(q, W0, 0.3, 0.4)), within(1e-12));
        assertThat(report.gradientEvaluations()).isEqualTo(2);
        assertThat(q.evaluations).isEqualTo(2);
    }

    @Test
    void alphaZeroIsSamStepForStep() {
        Quadratic withGsam = new Quadratic(W0, B);
        Quadratic withSam = new Quadratic(W0, B);
        Optimizer gsam = gsam(ADAM, 0.3, null, 0);
        Optimizer sam = new SamProvider().create(new SamConfig(0.3, ADAM, null, null, null), Bases.context(4));

        for (int step = 0; step < 3; step++) {
            gsam.step(withGsam.parameters, withGsam.objective(), StepContext.constant(step, 0));
            sam.step(withSam.parameters, withSam.objective(), StepContext.constant(step, 0));
        }

        assertThat(withGsam.w()).containsExactly(withSam.w());
    }

    @Test
    void rhoFollowsTheLearningRateBetweenRhoMinAndRhoMax() {
        Quadratic q = new Quadratic(W0, B);

        gsam(SGD, 0.3, 0.1, 0.4).step(q.parameters, q.objective(), new StepContext(5, 0, 0.5));

        double rho = 0.1 + (0.3 - 0.1) * 0.5;
        assertThat(q.w()).containsExactly(plus(W0, -0.1 * 0.5, gsamDirection(q, W0, rho, 0.4)), within(1e-12));
    }

    @Test
    void aRadiusOfZeroAtTheEndOfTheScheduleIsOnePassOfTheBase() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = gsam(SGD, 0.3, 0.0, 0.4).step(q.parameters, q.objective(), new StepContext(9, 1, 0.0));

        assertThat(report.gradientEvaluations()).isEqualTo(1);
        assertThat(q.evaluations).isEqualTo(1);
    }

    @Test
    void restoredStateContinuesExactly() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer original = gsam(ADAM, 0.3, null, 0.4);
        original.step(q.parameters, q.objective(), StepContext.constant(0, 0));
        Map<String, INDArray> saved = new HashMap<>();
        original.state().forEach((k, v) -> saved.put(k, v.dup()));
        double[] afterOne = q.w();
        original.step(q.parameters, q.objective(), StepContext.constant(1, 0));
        double[] continued = q.w();

        Optimizer restored = gsam(ADAM, 0.3, null, 0.4);
        restored.restoreState(saved);
        q.setW(afterOne);
        restored.step(q.parameters, q.objective(), StepContext.constant(1, 0));

        assertThat(q.w()).containsExactly(continued);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new GsamConfig(SGD, 0.05, 0.1, null, null, null, null))
                .isInstanceOf(InvalidConfigException.class).hasMessage("rhoMin: must be in [0, rhoMax = 0.05], got 0.1");
        assertThatThrownBy(() -> new GsamConfig(SGD, null, null, -1.0, null, null, null))
                .isInstanceOf(InvalidConfigException.class).hasMessage("alpha: must be >= 0 (0 is SAM), got -1.0");
        assertThatThrownBy(() -> new GsamConfig(null, null, null, null, null, null, null))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("base: missing");
    }
}
