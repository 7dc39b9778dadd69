package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.LR;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.FamilyChecks.keys;
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
import dev.samlab.api.sharpness.AscentSteps;
import dev.samlab.api.sharpness.DescentRule;
import dev.samlab.api.sharpness.Gradients;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiStepSamTest {

    private static final double RHO = 0.3;
    private static final double EPSILON = 1e-12;
    private static final StepContext STEP = StepContext.constant(3, 0);

    private static Optimizer multiStep(int steps, double stepSize, OptimizerConfig base) {
        return new MultiStepSamProvider()
                .create(new MultiStepSamConfig(base, steps, stepSize, keys(RHO)), Bases.context(4));
    }

    /** e ← Proj(e + α·g(w + e)/(‖g(w + e)‖ + ε)) k times from e = 0, onto the ρ-ball; then g(w + e). */
    private static double[] closedFormGradient(Quadratic q, int steps, double stepSize) {
        double[] e = new double[W0.length];
        for (int step = 0; step < steps; step++) {
            double[] g = q.gradientAt(plus(W0, 1, e), 0, 4);
            e = plus(e, stepSize * RHO / (norm(g) + EPSILON), g);
            if (norm(e) > RHO) {
                e = plus(new double[e.length], RHO / norm(e), e);
            }
        }
        return q.gradientAt(plus(W0, 1, e), 0, 4);
    }

    @Test
    void twoStepsMatchTheClosedFormAndCostThreePasses() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = multiStep(2, 1, SGD).step(q.parameters, q.objective(), STEP);

        assertThat(q.w()).containsExactly(plus(W0, -LR, closedFormGradient(q, 2, 1)), within(1e-12));
        assertThat(report.gradientEvaluations()).isEqualTo(3);
        assertThat(q.evaluations).isEqualTo(3);
    }

    @Test
    void everyAscentPointStaysInTheBallAndTheSecondStepMovesOnFromTheFirst() {
        Quadratic q = new Quadratic(W0, B);

        multiStep(3, 1, SGD).step(q.parameters, q.objective(), STEP);

        assertThat(q.weightsEvaluated).hasSize(4);
        for (int point = 1; point < 4; point++) {
            assertThat(norm(plus(q.weightsEvaluated.get(point), -1, W0)))
                    .as("‖e‖ at ascent point %d: steps of ρ, projected back onto the sphere", point)
                    .isCloseTo(RHO, within(1e-9));
        }
        assertThat(norm(plus(q.weightsEvaluated.get(2), -1, q.weightsEvaluated.get(1))))
                .as("the second point is not the first")
                .isGreaterThan(1e-4);
        assertThat(q.weightsEvaluated.get(0)).as("the first pass is at w").containsExactly(W0);
    }

    @Test
    void shortStepsInsideTheBallAreNotProjected() {
        Quadratic q = new Quadratic(W0, B);

        multiStep(2, 0.4, SGD).step(q.parameters, q.objective(), STEP);

        assertThat(q.w()).containsExactly(plus(W0, -LR, closedFormGradient(q, 2, 0.4)), within(1e-12));
        assertThat(norm(plus(q.weightsEvaluated.get(2), -1, W0)))
                .as("two steps of 0.4ρ stay inside the ρ-ball")
                .isLessThan(RHO * 0.8 + 1e-9)
                .isGreaterThan(RHO * 0.4);
    }

    /** The value tml-epfl/understanding-sam's code gives: L = ½(w₁² + 4w₂²) from (1, 1), ρ 0.05, k 2, SGD at 0.1. */
    @Test
    void matchesTheAuthorsCode() {
        Separable problem = Separable.authorsQuadratic();

        new MultiStepSamProvider()
                .create(new MultiStepSamConfig(SGD, 2, null, keys(0.05)), Bases.context(4))
                .step(problem.parameters, problem, STEP);

        assertThat(problem.parameters.list().get(0).value().toDoubleVector())
                .containsExactly(new double[] {0.8988071728, 0.5805774715}, within(1e-9));
    }

    /** A descent rule that sees every point of the ascent: the base steps with the mean of g(w + e₁) and g(w + e₂). */
    @Test
    void aDescentRuleSeesTheGradientAtEveryAscentPoint() {
        Quadratic q = new Quadratic(W0, B);
        List<double[]> seen = new ArrayList<>();
        DescentRule averaging = new DescentRule() {
            @Override
            public void atAscentPoint(int step, Gradients gradients, MethodState state) {
                seen.add(q.gradient());
                gradients.parameters().forEach(p -> state.buffer("sum", p).assign(p.gradient()));
            }

            @Override
            public void afterAscent(Gradients gradients, MethodState state) {
                gradients
                        .parameters()
                        .forEach(p -> p.gradient().addi(state.buffer("sum", p)).divi(2));
            }
        };
        SharpnessAware method = SharpnessAware.around(Bases.sgd(LR))
                .settings(SharpnessSettings.builder().rho(RHO).build())
                .steps(new AscentSteps(2, 1, 1))
                .descent(averaging)
                .build();

        method.step(q.parameters, q.objective(), STEP);

        double[] e1 = plus(new double[3], RHO / (norm(q.gradientAt(W0, 0, 4)) + EPSILON), q.gradientAt(W0, 0, 4));
        double[] g1 = q.gradientAt(plus(W0, 1, e1), 0, 4);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).as("g(w + e₁), the first ascent point's").containsExactly(g1, within(1e-12));
        double[] mean = plus(plus(new double[3], 0.5, g1), 0.5, closedFormGradient(q, 2, 1));
        assertThat(q.w()).containsExactly(plus(W0, -LR, mean), within(1e-12));
    }

    @Test
    void oneStepIsSamBitForBit() {
        OptimizerContract.assertSameSteps(multiStep(1, 1, ADAM), FamilyChecks.sam(RHO, ADAM), 4, 0);
    }

    @Test
    void refusesAStepCountBelowOneNamingTheKey() {
        assertThatThrownBy(() -> new MultiStepSamConfig(SGD, 0, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("steps")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new MultiStepSamConfig(SGD, 2, -1.0, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("stepSize");
    }
}
