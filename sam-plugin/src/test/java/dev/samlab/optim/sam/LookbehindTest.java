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
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.optim.sgd.SgdConfig;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import org.junit.jupiter.api.Test;

class LookbehindTest {

    private static final StepContext STEP = StepContext.constant(0, 0);
    private static final double EPSILON = 1e-16;

    private static Optimizer lookbehind(OptimizerConfig base, int steps, Double alpha, SharpnessKeys keys) {
        return new LookbehindSamProvider().create(new LookbehindSamConfig(base, steps, alpha, keys), Bases.context(4));
    }

    private static double[] weights(Separable problem) {
        return problem.parameters.list().get(0).value().toDoubleVector();
    }

    @Test
    void twoStepsMatchTheClosedFormAndCostThreePasses() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = lookbehind(SGD, 2, 0.5, FamilyChecks.keys(RHO)).step(q.parameters, q.objective(), STEP);

        double[] g0 = q.gradientAt(W0, 0, 4);
        double[] theta1 = plus(W0, RHO / (norm(g0) + EPSILON), g0);
        double[] g1 = q.gradientAt(theta1, 0, 4);
        double[] theta2 = plus(theta1, RHO / (norm(g1) + EPSILON), g1); // added up, not projected
        double[] fast = plus(plus(W0, -LR, g1), -LR, q.gradientAt(theta2, 0, 4));
        assertThat(q.w()).containsExactly(plus(W0, 0.5, plus(fast, -1, W0)), within(1e-12));
        assertThat(report.gradientEvaluations()).isEqualTo(3);
        assertThat(q.evaluations).isEqualTo(3);
    }

    /** The values the authors' code gives, worked out by hand from {@code lookbehind.py} and {@code example_cifar.py}. */
    @Test
    void matchesTheAuthorsCodeFixedAdaptiveWithMomentumAndAroundAsam() {
        Separable fixed = Separable.authorsQuadratic();
        Separable adaptive = Separable.authorsQuadratic();
        Separable momentum = Separable.authorsQuadratic();
        Separable asam = Separable.authorsQuadratic();

        lookbehind(SGD, 2, 0.5, FamilyChecks.keys(0.05)).step(fixed.parameters, fixed, STEP);
        lookbehind(SGD, 2, null, FamilyChecks.keys(0.05)).step(adaptive.parameters, adaptive, STEP);
        lookbehind(new SgdConfig(0.1, 0.9, null, null, 5e-4), 2, 0.5, FamilyChecks.keys(0.05))
                .step(momentum.parameters, momentum, STEP);
        new LookbehindAsamProvider()
                .create(new LookbehindAsamConfig(SGD, 2, 0.5, 0.01, null, null), Bases.context(4))
                .step(asam.parameters, asam, STEP);

        assertThat(weights(fixed)).containsExactly(new double[] {0.8982008437, 0.5708762090}, within(1e-9));
        assertThat(weights(adaptive)).containsExactly(new double[] {0.7964024529, 0.1417556448}, within(1e-9));
        assertThat(weights(momentum)).containsExactly(new double[] {0.8525851701, 0.3820829128}, within(1e-9));
        assertThat(weights(asam)).containsExactly(new double[] {0.8837659202, 0.2555330055}, within(1e-9));
    }

    /** One step looked back on in full (α 1) is SAM's step, to rounding: ψ + (φ₁ − ψ) is φ₁ up to an ulp. */
    @Test
    void oneStepWithAlphaOneIsSam() {
        SharpnessKeys samsEpsilon = new SharpnessKeys(RHO, null, 1e-12, null, null, null, null, null, null, null);
        OptimizerContract.assertSameSteps(lookbehind(ADAM, 1, 1.0, samsEpsilon), FamilyChecks.sam(RHO, ADAM), 3, 1e-12);
    }

    @Test
    void badKeysAreNamed() {
        assertThatThrownBy(() -> new LookbehindSamConfig(SGD, 0, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("steps: must be at least 1");
        assertThatThrownBy(() -> new LookbehindSamConfig(SGD, 2, 1.5, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("alpha: must be in (0, 1]");
        assertThatThrownBy(() -> new LookbehindAsamConfig(SGD, 2, null, -1.0, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("eta: ");
    }
}
