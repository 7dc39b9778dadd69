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
import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class EsamTest {

    private static Optimizer esam(OptimizerConfig base, double beta, double gamma) {
        return new EsamProvider().create(new EsamConfig(base, beta, gamma, FamilyChecks.keys(RHO)), Bases.context(4));
    }

    @Test
    void betaAndGammaOfOneAreSamStepForStep() {
        OptimizerContract.assertSameSteps(esam(ADAM, 1, 1), FamilyChecks.sam(RHO, ADAM), 3, 0);
    }

    @Test
    void theSecondPassTakesTheHalfOfTheBatchWhoseLossRoseMostAndCountsHalf() {
        Quadratic q = new Quadratic(W0, B);

        StepReport report = esam(SGD, 1, 0.5).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        double[] g = q.gradientAt(W0, 0, 4);
        double[] perturbed = plus(W0, RHO / (norm(g) + 1e-12), g);
        double[] rise = new double[4];
        for (int k = 0; k < 4; k++) {
            rise[k] = q.lossAt(perturbed, k) - q.lossAt(W0, k);
        }
        int[] sharpest = IntStream.range(0, 4)
                .boxed()
                .sorted((a, b) -> Double.compare(rise[b], rise[a]))
                .limit(2)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
        assertThat(q.examplesEvaluated).hasSize(2);
        assertThat(q.examplesEvaluated.get(1)).containsExactly(sharpest);
        assertThat(q.w()).containsExactly(plus(W0, -LR, q.gradientAt(perturbed, sharpest)), within(1e-12));
        assertThat(report.gradientEvaluations()).isEqualTo(1.5);
    }

    @Test
    void eachTensorIsPerturbedWithProbabilityBetaScaledByOneOverBeta() {
        Quadratic q = new Quadratic(W0, B);
        q.objective().evaluate();
        Parameter weight = q.parameters.list().get(0);
        StochasticWeightPerturbation rule = new StochasticWeightPerturbation(0.25, 42);
        INDArray direction = weight.value().ulike();
        double gNormSquared = weight.gradient().norm2Number().doubleValue()
                * weight.gradient().norm2Number().doubleValue();

        int drawn = 0;
        for (int step = 0; step < 4000; step++) {
            double share = rule.direction(
                    StepContext.constant(step, 0),
                    weight,
                    direction,
                    weight.value().ulike(),
                    new MethodState());
            if (share > 0) {
                drawn++;
                assertThat(share).isCloseTo(gNormSquared, within(1e-12));
                assertThat(direction.toDoubleVector())
                        .containsExactly(weight.gradient().div(0.25).toDoubleVector(), within(1e-12));
            } else {
                assertThat(direction.toDoubleVector()).containsOnly(0.0);
            }
        }

        assertThat(drawn).isBetween(900, 1100); // 1000 expected; 7.3 standard deviations either side
        double again = rule.direction(
                StepContext.constant(17, 0), weight, direction, weight.value().ulike(), new MethodState());
        assertThat(new StochasticWeightPerturbation(0.25, 42)
                        .direction(
                                StepContext.constant(17, 0),
                                weight,
                                direction,
                                weight.value().ulike(),
                                new MethodState()))
                .as("the draw is the seed's and step's")
                .isEqualTo(again);
    }

    @Test
    void aResumedRunDrawsAndSelectsAsTheUninterruptedOne() {
        OptimizerContract.assertStateRoundTrip(() -> esam(ADAM, 0.5, 0.5), 3);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new EsamConfig(SGD, 0.0, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("beta: must be in (0, 1] (1 perturbs every tensor, as SAM), got 0.0");
        assertThatThrownBy(() -> new EsamConfig(SGD, null, 1.5, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("gamma: must be in (0, 1] (1 takes the whole batch, as SAM), got 1.5");
    }
}
