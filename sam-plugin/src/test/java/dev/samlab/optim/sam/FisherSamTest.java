package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.LR;
import static dev.samlab.optim.sam.FamilyChecks.SGD;
import static dev.samlab.optim.sam.SamTest.RHO;
import static dev.samlab.testkit.Quadratic.B;
import static dev.samlab.testkit.Quadratic.W0;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

class FisherSamTest {

    private static Optimizer fisher(OptimizerConfig base, double eta) {
        return new FisherSamProvider().create(new FisherSamConfig(base, eta, FamilyChecks.keys(RHO)), Bases.context(4));
    }

    /** In float on the CPU the ascent runs as a loop in Java, in double as ND4J's operations: both match it. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void oneStepMatchesTheClosedForm(DataType type) {
        Quadratic q = new Quadratic(W0, B, type);
        double eta = 0.5;

        fisher(SGD, eta).step(q.parameters, q.objective(), StepContext.constant(0, 0));

        double[] g = q.gradientAt(W0, 0, 4);
        double[] inverseFisherG = new double[3];
        double gInverseFisherG = 0;
        for (int i = 0; i < 3; i++) {
            inverseFisherG[i] = g[i] / (1 + eta * g[i] * g[i]);
            gInverseFisherG += g[i] * inverseFisherG[i];
        }
        double[] e = plus(new double[3], RHO / (Math.sqrt(gInverseFisherG) + 1e-12), inverseFisherG);
        double fisherNormOfE = 0;
        for (int i = 0; i < 3; i++) {
            fisherNormOfE += e[i] * (1 + eta * g[i] * g[i]) * e[i];
        }
        assertThat(Math.sqrt(fisherNormOfE))
                .as("e lies on the Fisher ball's surface")
                .isCloseTo(RHO, within(1e-9));
        assertThat(q.w())
                .containsExactly(
                        plus(W0, -LR, q.gradientAt(plus(W0, 1, e), 0, 4)),
                        within(type == DataType.FLOAT ? 1e-6 : 1e-12));
    }

    @Test
    void etaZeroIsSamStepForStep() {
        OptimizerContract.assertSameSteps(fisher(ADAM, 0), FamilyChecks.sam(RHO, ADAM), 3, 1e-12);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new FisherSamConfig(SGD, -1.0, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("eta: must be >= 0 (0 is SAM), got -1.0");
    }
}
