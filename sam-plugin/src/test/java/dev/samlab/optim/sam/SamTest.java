package dev.samlab.optim.sam;

import static dev.samlab.testkit.Quadratic.B;
import static dev.samlab.testkit.Quadratic.W0;
import static dev.samlab.testkit.Quadratic.norm;
import static dev.samlab.testkit.Quadratic.plus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.NonFiniteGradientException;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.testkit.Quadratic;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SamTest {

    static final double RHO = 0.3;
    static final StepContext STEP = StepContext.constant(7, 0);

    private static SharpnessAware sam(double rho, Integer m, FirstOrderOptimizer base) {
        return SharpnessAware.around(base)
                .settings(SharpnessSettings.builder().rho(rho).m(m).build())
                .build();
    }

    /** The SAM gradient in closed form: ∇L(w + ρ g/(‖g‖ + ε)) with g = ∇L(w), over examples [from, to). */
    static double[] samGradient(Quadratic q, double[] w, int from, int to) {
        double[] g = q.gradientAt(w, from, to);
        return q.gradientAt(plus(w, RHO / (norm(g) + 1e-12), g), from, to);
    }

    @Test
    void withSgdOneStepMatchesTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = sam(RHO, null, Bases.sgd(0.1)).step(q.parameters, q.objective(), STEP);

        assertThat(q.w()).containsExactly(plus(W0, -0.1, samGradient(q, W0, 0, 4)), within(1e-12));
        assertThat(report.gradientEvaluations()).isEqualTo(2);
        assertThat(q.evaluations).isEqualTo(2);
    }

    @Test
    void withAdamOneStepMatchesTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);

        sam(RHO, null, Bases.adam(0.01)).step(q.parameters, q.objective(), STEP);

        double[] g = samGradient(q, W0, 0, 4);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = W0[i] - 0.01 * g[i] / (Math.abs(g[i]) + 1e-8); // Adam's bias-corrected first step
        }
        assertThat(q.w()).containsExactly(expected, within(1e-12));
    }

    @Test
    void theBaseSeesTheExactWeightsAndThePerturbedGradient() {
        Quadratic q = new Quadratic(W0, B);
        Bases.Recording base = new Bases.Recording(null);
        List<INDArray> before =
                q.parameters.stream().map(Parameter::value).map(INDArray::dup).toList();

        sam(RHO, null, base).step(q.parameters, q.objective(), STEP);

        assertThat(base.weightsSeen.get(0))
                .as("the perturbation is undone bit for bit")
                .isEqualTo(before);
        double[] seen = {
            base.gradientsSeen.get(0).get(0).getDouble(0),
            base.gradientsSeen.get(0).get(0).getDouble(1),
            base.gradientsSeen.get(0).get(1).getDouble(0)
        };
        assertThat(seen).containsExactly(samGradient(q, W0, 0, 4), within(1e-12));
        double[] plain = q.gradientAt(W0, 0, 4);
        assertThat(norm(plus(seen, -1, plain)))
                .as("SAM must not hand its base the plain gradient")
                .isGreaterThan(0.1);
    }

    @Test
    void weightsAfterTheStepAreExactlyTheBaseUpdateWithThePerturbedGradient() {
        Quadratic q = new Quadratic(W0, B);
        Bases.Recording recording = new Bases.Recording(Bases.sgd(0.1));
        sam(RHO, null, recording).step(q.parameters, q.objective(), STEP);

        Quadratic replay = new Quadratic(W0, B);
        for (int k = 0; k < 2; k++) {
            replay.parameters
                    .list()
                    .get(k)
                    .gradient()
                    .assign(recording.gradientsSeen.get(0).get(k));
        }
        Bases.sgd(0.1).update(replay.parameters, STEP);

        assertThat(q.weight).isEqualTo(replay.weight);
        assertThat(q.bias).isEqualTo(replay.bias);
    }

    @Test
    void rhoZeroIsExactlyTheBaseOptimizer() {
        Quadratic withSam = new Quadratic(W0, B);
        Quadratic plain = new Quadratic(W0, B);

        StepReport report = sam(0, null, Bases.adam(0.01)).step(withSam.parameters, withSam.objective(), STEP);
        Bases.adam(0.01).step(plain.parameters, plain.objective(), STEP);

        assertThat(withSam.weight).isEqualTo(plain.weight);
        assertThat(withSam.bias).isEqualTo(plain.bias);
        assertThat(report.gradientEvaluations())
                .as("and costs what the base costs")
                .isEqualTo(1);
    }

    @Test
    void aZeroGradientGivesNoPerturbationAndNoNaN() {
        double[] minimum = {0.2, -0.1, 0.4};
        Quadratic probe = new Quadratic(minimum, new double[][] {{0, 0, 0}});
        double[] atMinimum = probe.gradientAt(minimum, 0, 1);
        Quadratic q = new Quadratic(minimum, new double[][] {atMinimum}); // b = A w, so g = 0 at w

        StepReport report = sam(RHO, null, Bases.sgd(0.1)).step(q.parameters, q.objective(), STEP);

        assertThat(q.w()).containsExactly(minimum);
        assertThat(q.gradient()).containsOnly(0.0);
        assertThat(Double.isNaN(report.evaluation().loss())).isFalse();
    }

    @Test
    void theBaseOptimizersStateAdvancesOncePerStep() {
        Quadratic q = new Quadratic(W0, B);
        SharpnessAware sam = sam(RHO, null, Bases.adam(0.01));

        for (int i = 0; i < 3; i++) {
            sam.step(q.parameters, q.objective(), StepContext.constant(i, 0));
        }

        assertThat(sam.state()).containsKeys("base/step", "base/m/layer/W", "base/v/layer/b");
        assertThat(sam.state().get("base/step").getLong(0)).isEqualTo(3);
    }

    @Test
    void restoredStateContinuesExactly() {
        Quadratic q = new Quadratic(W0, B);
        SharpnessAware original = sam(RHO, null, Bases.adam(0.01));
        original.step(q.parameters, q.objective(), StepContext.constant(0, 0));
        var saved = new HashMap<String, INDArray>();
        original.state().forEach((k, v) -> saved.put(k, v.dup()));
        double[] afterOne = q.w();
        original.step(q.parameters, q.objective(), StepContext.constant(1, 0));
        double[] continued = q.w();

        SharpnessAware restored = sam(RHO, null, Bases.adam(0.01));
        restored.restoreState(saved);
        q.setW(afterOne);
        restored.step(q.parameters, q.objective(), StepContext.constant(1, 0));

        assertThat(q.w()).containsExactly(continued);
    }

    @Test
    void mSharpnessAveragesTheGradientsOfSubBatchesPerturbedOnTheirOwn() {
        Quadratic q = new Quadratic(W0, B);
        Bases.Recording base = new Bases.Recording(null);

        StepReport report = sam(RHO, 2, base).step(q.parameters, q.objective(), STEP);

        double[] expected = plus(samGradient(q, W0, 0, 2), 1, samGradient(q, W0, 2, 4));
        for (int i = 0; i < 3; i++) {
            expected[i] /= 2;
        }
        List<INDArray> seen = base.gradientsSeen.get(0);
        assertThat(new double[] {
                    seen.get(0).getDouble(0),
                    seen.get(0).getDouble(1),
                    seen.get(1).getDouble(0)
                })
                .containsExactly(expected, within(1e-12));
        assertThat(q.evaluations).as("two passes per sub-batch").isEqualTo(4);
        assertThat(report.evaluation().examples()).isEqualTo(4);
        assertThat(norm(plus(expected, -1, samGradient(q, W0, 0, 4))))
                .as("differs from whole-batch SAM")
                .isGreaterThan(1e-3);
    }

    @Test
    void aNonFiniteGradientIsRefusedNamingStepAndParameterAndLeavesTheWeights() {
        for (int evaluation : new int[] {1, 2}) {
            Quadratic q = new Quadratic(W0, B);
            q.nanAtEvaluation = evaluation;

            assertThatThrownBy(() -> sam(RHO, null, Bases.sgd(0.1)).step(q.parameters, q.objective(), STEP))
                    .isInstanceOf(NonFiniteGradientException.class)
                    .hasMessageContaining("step 7")
                    .hasMessageContaining("layer/b")
                    .hasMessageContaining(evaluation == 1 ? "at the current weights" : "at the perturbed weights");
            assertThat(q.w()).as("NaN at evaluation %d", evaluation).containsExactly(W0);
        }
    }

    @Test
    void lossWeightDecayEntersBothTheAscentAndTheStep() {
        Quadratic q = new Quadratic(W0, B);
        double lambda = 0.5;
        SharpnessAware sam = SharpnessAware.around(Bases.sgd(0.1))
                .settings(SharpnessSettings.builder()
                        .rho(RHO)
                        .lossWeightDecay(lambda)
                        .build())
                .build();

        sam.step(q.parameters, q.objective(), STEP);

        double[] g = plus(q.gradientAt(W0, 0, 4), lambda, W0);
        double[] perturbed = plus(W0, RHO / (norm(g) + 1e-12), g);
        double[] gPrime = plus(q.gradientAt(perturbed, 0, 4), lambda, perturbed);
        assertThat(q.w()).containsExactly(plus(W0, -0.1, gPrime), within(1e-12));
    }
}
