package dev.samlab.optim.adam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.StepContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    private static final double EPS = 1e-8;

    private final INDArray weights = Nd4j.createFromArray(1.0, -2.0, 3.0);
    private final INDArray gradient = Nd4j.createFromArray(0.5, -0.1, 0.0);
    private final Parameters parameters =
            new Parameters(List.of(new Parameter("w", ParameterRole.WEIGHT, weights, gradient)));

    @Test
    void firstStepMovesEachWeightByLrTimesTheSignOfItsGradient() {
        Adam adam = new Adam(new AdamConfig(0.1, null, null, null, null, null));

        adam.update(parameters, StepContext.constant(0, 0));

        // bias-corrected m = g and sqrt(v) = |g| at step 1, so the step is lr * g / (|g| + eps)
        assertThat(weights.toDoubleVector())
                .containsExactly(
                        new double[] {1 - 0.1 * 0.5 / (0.5 + EPS), -2 + 0.1 * 0.1 / (0.1 + EPS), 3.0}, within(1e-12));
    }

    /** In float on the CPU the moments run as a loop in Java, in double as ND4J's operations: both follow it. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void followsTheAdamRecurrenceOverSeveralSteps(DataType type) {
        AdamConfig config = new AdamConfig(0.01, 0.8, 0.95, 1e-6, null, null);
        Adam adam = new Adam(config);
        INDArray weights = this.weights.castTo(type);
        INDArray gradient = this.gradient.castTo(type);
        Parameters parameters = new Parameters(List.of(new Parameter("w", ParameterRole.WEIGHT, weights, gradient)));
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        double[][] gradients = {{0.5, -0.1, 0.0}, {0.2, 0.3, -0.4}, {-1.0, 0.05, 2.0}};
        double[] w = {1.0, -2.0, 3.0};
        double[] m = new double[3];
        double[] v = new double[3];

        for (int t = 1; t <= gradients.length; t++) {
            gradient.assign(Nd4j.createFromArray(gradients[t - 1]));
            adam.update(parameters, StepContext.constant(t - 1, 0));
            for (int i = 0; i < 3; i++) {
                double g = gradients[t - 1][i];
                m[i] = 0.8 * m[i] + 0.2 * g;
                v[i] = 0.95 * v[i] + 0.05 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.8, t));
                double vHat = v[i] / (1 - Math.pow(0.95, t));
                w[i] -= 0.01 * mHat / (Math.sqrt(vHat) + 1e-6);
            }
            assertThat(weights.toDoubleVector()).as("after step %d", t).containsExactly(w, within(tolerance));
        }
    }

    @Test
    void decoupledWeightDecayShrinksWeightsBesideTheStep() {
        Adam adam = new Adam(new AdamConfig(0.1, null, null, null, 0.5, true));

        adam.update(parameters, StepContext.constant(0, 0));

        double shrink = 1 - 0.1 * 0.5;
        assertThat(weights.toDoubleVector())
                .containsExactly(
                        new double[] {
                            1 * shrink - 0.1 * 0.5 / (0.5 + EPS), -2 * shrink + 0.1 * 0.1 / (0.1 + EPS), 3 * shrink
                        },
                        within(1e-12));
    }

    @Test
    void coupledWeightDecayAddsTheL2GradientBeforeTheMoments() {
        Adam adam = new Adam(new AdamConfig(0.1, null, null, null, 0.5, false));

        adam.update(parameters, StepContext.constant(0, 0));

        // effective gradient g + 0.5 w = (1.0, -1.1, 1.5); the first step is lr * sign of it
        double[] effective = {1.0, -1.1, 1.5};
        double[] expected = new double[3];
        double[] start = {1.0, -2.0, 3.0};
        for (int i = 0; i < 3; i++) {
            expected[i] = start[i] - 0.1 * effective[i] / (Math.abs(effective[i]) + EPS);
        }
        assertThat(weights.toDoubleVector()).containsExactly(expected, within(1e-12));
        assertThat(gradient.toDoubleVector())
                .as("the model's gradient is left alone")
                .containsExactly(0.5, -0.1, 0.0);
    }

    @Test
    void learningRateFactorScalesTheStep() {
        Adam adam = new Adam(new AdamConfig(0.1, null, null, null, null, null));

        adam.update(parameters, new StepContext(0, 0, 0.5));

        assertThat(weights.getDouble(0)).isCloseTo(1 - 0.05 * 0.5 / (0.5 + EPS), within(1e-12));
        assertThat(adam.learningRate(new StepContext(0, 0, 0.5))).hasValue(0.05);
    }

    @Test
    void restoredStateContinuesExactlyLikeTheOriginal() {
        AdamConfig config = new AdamConfig(0.01, null, null, null, 0.1, true);
        Adam original = new Adam(config);
        original.update(parameters, StepContext.constant(0, 0));
        Map<String, INDArray> saved = new HashMap<>();
        original.state().forEach((key, value) -> saved.put(key, value.dup()));
        INDArray weightsAfterOneStep = weights.dup();

        gradient.assign(Nd4j.createFromArray(0.2, 0.3, -0.4));
        original.update(parameters, StepContext.constant(1, 0));
        INDArray continued = weights.dup();

        Adam restored = new Adam(config);
        restored.restoreState(saved);
        weights.assign(weightsAfterOneStep);
        restored.update(parameters, StepContext.constant(1, 0));

        assertThat(saved).containsKeys("step", "m/w", "v/w");
        assertThat(weights.toDoubleVector()).containsExactly(continued.toDoubleVector());
    }

    @Test
    void rejectsSettingsOutsideTheirRange() {
        assertThatThrownBy(() -> new AdamConfig(0.0, null, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("lr"))
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> new AdamConfig(null, 1.0, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("beta1"));
        assertThatThrownBy(() -> new AdamConfig(null, null, null, null, -1.0, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("weightDecay"));
    }
}
