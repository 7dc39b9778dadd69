package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
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
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import org.junit.jupiter.api.Test;

class GsamTest {

    private static Optimizer gsam(OptimizerConfig base, double rhoMax, Double rhoMin, double alpha) {
        return new GsamProvider()
                .create(new GsamConfig(base, alpha, FamilyChecks.keys(rhoMax, null, null, rhoMin)), Bases.context(4));
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

    @Test
    void oneStepWithSgdMatchesTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = gsam(SGD, 0.3, null, 0.4).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        assertThat(q.w()).containsExactly(plus(W0, -0.1, gsamDirection(q, W0, 0.3, 0.4)), within(1e-12));
        assertThat(report.gradientEvaluations()).isEqualTo(2);
        assertThat(q.evaluations).isEqualTo(2);
    }

    @Test
    void alphaDefaultsToTheAuthorsCifarExample() {
        // example/train.py of juntang-zhuang/GSAM since commit 704942d; 0.2 before it
        GsamConfig defaults = new GsamConfig(SGD, null, FamilyChecks.keys(0.3));
        Quadratic q = new Quadratic(W0, B);

        new GsamProvider()
                .create(defaults, Bases.context(4))
                .step(q.parameters, q.objective(), StepContext.constant(0, 0));

        assertThat(defaults.alpha()).isEqualTo(0.4);
        assertThat(q.w()).containsExactly(plus(W0, -0.1, gsamDirection(q, W0, 0.3, 0.4)), within(1e-12));
    }

    @Test
    void alphaZeroIsSamStepForStep() {
        OptimizerContract.assertSameSteps(gsam(ADAM, 0.3, null, 0), FamilyChecks.sam(0.3, ADAM), 3, 0);
    }

    @Test
    void rhoFollowsTheLearningRateBetweenRhoMinAndRho() {
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
        assertThat(OptimizerContract.assertStateRoundTrip(() -> gsam(ADAM, 0.3, null, 0.4), 1))
                .containsKey("base/step");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> gsam(SGD, 0.05, 0.1, 0.2))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("rhoMin: must be in [0, rho = 0.05], got 0.1");
        assertThatThrownBy(() -> new GsamConfig(SGD, -1.0, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("alpha: must be >= 0 (0 is SAM), got -1.0");
        assertThatThrownBy(() -> new GsamProvider().create(new GsamConfig(null, null, null), Bases.context(4)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("base: missing");
    }
}
