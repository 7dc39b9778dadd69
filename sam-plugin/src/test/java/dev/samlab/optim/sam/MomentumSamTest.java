package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.LR;
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
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.sgd.SgdConfig;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import org.junit.jupiter.api.Test;

class MomentumSamTest {

    private static final double RHO = 0.3;
    private static final double MU = 0.9;
    private static final OptimizerConfig SGD_MOMENTUM = new SgdConfig(LR, MU, null, null, null);

    private static Optimizer msam(OptimizerConfig base, double rho) {
        return new MomentumSamProvider().create(new MomentumSamConfig(base, FamilyChecks.keys(rho)), Bases.context(4));
    }

    @Test
    void eachStepIsOnePassAtTheWeightsMovedAgainstTheMomentum() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer msam = msam(SGD_MOMENTUM, RHO);

        double first = msam.step(q.parameters, q.objective(), StepContext.constant(0, 0))
                .gradientEvaluations();
        double second = msam.step(q.parameters, q.objective(), StepContext.constant(1, 0))
                .gradientEvaluations();

        double[] v1 = q.gradientAt(W0, 0, 4); // no momentum yet: the base's step; PyTorch starts v at g
        double[] w1 = plus(W0, -LR, v1);
        double[] atPerturbed = plus(w1, -RHO / (norm(v1) + 1e-12), v1);
        double[] v2 = plus(q.gradientAt(atPerturbed, 0, 4), MU, v1);
        assertThat(q.weightsEvaluated.get(1)).containsExactly(atPerturbed, within(1e-12));
        assertThat(q.w()).containsExactly(plus(w1, -LR, v2), within(1e-12));
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(1);
        assertThat(q.evaluations).isEqualTo(2);
    }

    @Test
    void lossWeightDecayDecaysAtThePerturbedWeightsAsTheAuthorsAndTheBasesAtW() {
        double lambda = 0.05;
        SharpnessKeys keys = new SharpnessKeys(RHO, null, null, lambda, null, null, null, null, null, null);
        Quadratic viaLoss = new Quadratic(W0, B);
        Quadratic viaBase = new Quadratic(W0, B);
        Optimizer lossDecay =
                new MomentumSamProvider().create(new MomentumSamConfig(SGD_MOMENTUM, keys), Bases.context(4));
        Optimizer baseDecay = msam(new SgdConfig(LR, MU, null, null, lambda), RHO);

        for (int step = 0; step < 2; step++) {
            lossDecay.step(viaLoss.parameters, viaLoss.objective(), StepContext.constant(step, 0));
            baseDecay.step(viaBase.parameters, viaBase.objective(), StepContext.constant(step, 0));
        }

        double[] v1 = plus(viaLoss.gradientAt(W0, 0, 4), lambda, W0);
        double[] w1 = plus(W0, -LR, v1);
        double[] atPerturbed = plus(w1, -RHO / (norm(v1) + 1e-12), v1);
        double[] g2 = viaLoss.gradientAt(atPerturbed, 0, 4);
        // MarlonBecker/MSAM optimizer/msam.py adds weight_decay·p while p is at the perturbed weights
        assertThat(viaLoss.w())
                .containsExactly(plus(w1, -LR, plus(plus(g2, lambda, atPerturbed), MU, v1)), within(1e-12));
        assertThat(viaBase.w()).containsExactly(plus(w1, -LR, plus(plus(g2, lambda, w1), MU, v1)), within(1e-12));
    }

    @Test
    void withAdamItPerturbsAgainstTheFirstMoment() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer msam = msam(new AdamConfig(0.01, 0.9, null, null, null, null), RHO);

        msam.step(q.parameters, q.objective(), StepContext.constant(0, 0));
        double[] w1 = q.w();
        msam.step(q.parameters, q.objective(), StepContext.constant(1, 0));

        double[] m1 = plus(new double[3], 1 - 0.9, q.gradientAt(W0, 0, 4));
        assertThat(q.weightsEvaluated.get(1)).containsExactly(plus(w1, -RHO / (norm(m1) + 1e-12), m1), within(1e-9));
    }

    @Test
    void aRadiusOfZeroIsTheBaseStepForStep() {
        OptimizerContract.assertSameSteps(
                msam(SGD_MOMENTUM, 0), Bases.context(4).create("base", SGD_MOMENTUM), 3, 0);
    }

    @Test
    void aBaseWithoutMomentumIsRefusedNamingTheParameter() {
        Quadratic q = new Quadratic(W0, B);
        Optimizer msam = msam(FamilyChecks.SGD, RHO);
        msam.step(q.parameters, q.objective(), StepContext.constant(0, 0));

        assertThatThrownBy(() -> msam.step(q.parameters, q.objective(), StepContext.constant(1, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keeps none for layer/W")
                .hasMessageContaining("use sgd with momentum > 0, or adam");
    }

    @Test
    void restoredStateContinuesExactly() {
        assertThat(OptimizerContract.assertStateRoundTrip(() -> msam(SGD_MOMENTUM, RHO), 2))
                .containsKeys("base/momentum/layer/W", "base/momentum/layer/b");
    }

    @Test
    void mSharpnessIsRefused() {
        assertThatThrownBy(() -> new MomentumSamConfig(SGD_MOMENTUM, FamilyChecks.keys(RHO, 2, null, null)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("m: Momentum-SAM perturbs along");
    }
}
