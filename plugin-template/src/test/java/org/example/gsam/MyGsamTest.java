package org.example.gsam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.testkit.OptimizerContract;
import dev.samlab.testkit.Quadratic;
import dev.samlab.testkit.TestSgd;
import org.junit.jupiter.api.Test;

class MyGsamTest {

    private static final double RHO = 0.3;
    private static final TestSgd.Config SGD = new TestSgd.Config(0.1, 0);

    private static Optimizer gsam(TestSgd.Config base, double alpha) {
        SharpnessKeys rho = new SharpnessKeys(RHO, null, null, null, null, null, null, null, null, null);
        return new MyGsamProvider().create(new MyGsamProvider.Config(base, alpha, rho), TestSgd.context(4));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void oneStepFollowsGsamsDirectionInClosedForm() {
        Quadratic q = Quadratic.standard();
        gsam(SGD, 0.4).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        double[] g = q.gradientAt(Quadratic.W0, 0, 4);
        double[] gp = q.gradientAt(Quadratic.plus(Quadratic.W0, RHO / (Math.sqrt(dot(g, g)) + 1e-12), g), 0, 4);
        double[] orthogonal = Quadratic.plus(g, -dot(g, gp) / dot(gp, gp), gp);
        double[] direction = Quadratic.plus(gp, -0.4, orthogonal);
        assertThat(q.w()).containsExactly(Quadratic.plus(Quadratic.W0, -0.1, direction), within(1e-12));
    }

    @Test
    void keepsTheContractOfEveryOptimizer() {
        OptimizerContract.assertHolds(() -> gsam(new TestSgd.Config(0.1, 0.9), 0.4));
    }

    @Test
    void unsetKeysAreFilledWithTheDefaultsSoTheRunsConfigShowsThem() {
        MyGsamProvider.Config config = new MyGsamProvider.Config(SGD, null, null);

        assertThat(config.alpha()).isEqualTo(0.4);
        assertThat(config.sharpness().rho()).isEqualTo(0.05);
    }

    @Test
    void alphaZeroIsSam() {
        Optimizer sam = SharpnessAware.around(new TestSgd(SGD))
                .settings(SharpnessSettings.builder().rho(RHO).build()).build();
        OptimizerContract.assertSameSteps(gsam(SGD, 0), sam, 3, 0);
    }

    @Test
    void aNegativeAlphaIsNamed() {
        assertThatThrownBy(() -> new MyGsamProvider.Config(SGD, -1.0, null))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("alpha: must be >= 0");
    }
}
