package dev.samlab.optim.sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.StepContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SgdTest {

    private final INDArray weights = Nd4j.createFromArray(1.0, -2.0);
    private final INDArray gradient = Nd4j.createFromArray(0.5, 0.25);
    private final Parameters parameters =
            new Parameters(List.of(new Parameter("w", ParameterRole.WEIGHT, weights, gradient)));
    private static final double[][] GRADIENTS = {{0.5, 0.25}, {-1.0, 2.0}, {0.1, 0.1}};

    /** Runs three steps with the gradients above; returns the weights after each. */
    private double[][] run(SgdConfig config) {
        Sgd sgd = new Sgd(config);
        double[][] after = new double[3][];
        for (int t = 0; t < 3; t++) {
            gradient.assign(Nd4j.createFromArray(GRADIENTS[t]));
            sgd.update(parameters, StepContext.constant(t, 0));
            after[t] = weights.toDoubleVector();
        }
        return after;
    }

    @Test
    void plainSgdStepsAgainstTheGradient() {
        double[][] after = run(new SgdConfig(0.1, 0.0, null, null, null));

        assertThat(after[0]).containsExactly(new double[] {0.95, -2.025}, within(1e-12));
        assertThat(after[2]).containsExactly(new double[] {0.95 + 0.1 - 0.01, -2.025 - 0.2 - 0.01}, within(1e-12));
    }

    @Test
    void momentumStartsAtTheFirstGradientThenAccumulates() {
        double[][] after = run(new SgdConfig(0.1, 0.9, null, null, null));

        // b1 = g1 = (0.5, 0.25); b2 = 0.9 b1 + g2 = (-0.55, 2.225); b3 = 0.9 b2 + g3 = (-0.395, 2.1025)
        assertThat(after[0]).containsExactly(new double[] {0.95, -2.025}, within(1e-12));
        assertThat(after[1]).containsExactly(new double[] {0.95 + 0.055, -2.025 - 0.2225}, within(1e-12));
        assertThat(after[2]).containsExactly(new double[] {1.005 + 0.0395, -2.2475 - 0.21025}, within(1e-12));
    }

    @Test
    void nesterovStepsAlongTheGradientPlusMomentum() {
        double[][] after = run(new SgdConfig(0.1, 0.9, null, true, null));

        // d1 = g1 + 0.9 b1 = 1.9 g1; d2 = g2 + 0.9 b2 = (-1.495, 4.0025)
        assertThat(after[0]).containsExactly(new double[] {1 - 0.095, -2 - 0.0475}, within(1e-12));
        assertThat(after[1]).containsExactly(new double[] {0.905 + 0.1495, -2.0475 - 0.40025}, within(1e-12));
    }

    @Test
    void weightDecayAndDampeningFollowPyTorch() {
        double[][] after = run(new SgdConfig(0.1, 0.5, 0.2, null, 0.1));

        // d1 = g1 + 0.1 w0 = (0.6, 0.05); b1 = d1; w1 = w0 - 0.1 b1 = (0.94, -2.005)
        assertThat(after[0]).containsExactly(new double[] {0.94, -2.005}, within(1e-12));
        // d2 = g2 + 0.1 w1 = (-0.906, 1.7995); b2 = 0.5 b1 + 0.8 d2 = (-0.4248, 1.4646)
        assertThat(after[1]).containsExactly(new double[] {0.94 + 0.04248, -2.005 - 0.14646}, within(1e-12));
    }

    @Test
    void restoredMomentumContinuesExactly() {
        SgdConfig config = new SgdConfig(0.1, 0.9, null, true, 0.01);
        Sgd original = new Sgd(config);
        original.update(parameters, StepContext.constant(0, 0));
        Map<String, INDArray> saved = new HashMap<>();
        original.state().forEach((k, v) -> saved.put(k, v.dup()));
        INDArray afterOne = weights.dup();
        gradient.assign(Nd4j.createFromArray(-1.0, 2.0));
        original.update(parameters, StepContext.constant(1, 0));
        INDArray continued = weights.dup();

        Sgd restored = new Sgd(config);
        restored.restoreState(saved);
        weights.assign(afterOne);
        restored.update(parameters, StepContext.constant(1, 0));

        assertThat(saved).containsOnlyKeys("momentum/w");
        assertThat(weights.toDoubleVector()).containsExactly(continued.toDoubleVector());
    }

    @Test
    void parametersEndToEndInOneBufferStepExactlyAsSeparateOnes() {
        SgdConfig config = new SgdConfig(0.1, 0.9, null, true, 0.01);
        INDArray values = Nd4j.createFromArray(1.0, -2.0, 0.5, 3.0);
        INDArray gradients = values.ulike();
        Parameters shared = new Parameters(List.of(
                new Parameter("a", ParameterRole.WEIGHT, values.get(interval(0, 3)), gradients.get(interval(0, 3))),
                new Parameter("b", ParameterRole.BIAS, values.get(interval(3, 4)), gradients.get(interval(3, 4)))));
        Parameters separate = new Parameters(List.of(
                new Parameter(
                        "a", ParameterRole.WEIGHT, values.get(interval(0, 3)).dup(), Nd4j.zeros(3)),
                new Parameter(
                        "b", ParameterRole.BIAS, values.get(interval(3, 4)).dup(), Nd4j.zeros(1))));
        assertThat(shared.runs()).hasSize(1);
        assertThat(separate.runs()).hasSize(2);
        Sgd onShared = new Sgd(config);
        Sgd onSeparate = new Sgd(config);

        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < 2; i++) {
                INDArray g =
                        Nd4j.rand(DataType.DOUBLE, shared.list().get(i).value().shape());
                shared.list().get(i).gradient().assign(g);
                separate.list().get(i).gradient().assign(g);
            }
            onShared.update(shared, StepContext.constant(step, 0));
            onSeparate.update(separate, StepContext.constant(step, 0));
        }

        for (int i = 0; i < 2; i++) {
            assertThat(shared.list().get(i).value().toDoubleVector())
                    .containsExactly(separate.list().get(i).value().toDoubleVector());
        }
    }

    @Test
    void restoredStateMustHoldTheMomentumOfEveryParameter() {
        Sgd sgd = new Sgd(new SgdConfig(0.1, 0.9, null, null, null));
        sgd.restoreState(Map.of("momentum/other", Nd4j.zeros(2)));

        assertThatThrownBy(() -> sgd.update(parameters, StepContext.constant(0, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SGD's restored state has momentum for [other] but none for parameter w");
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThatThrownBy(() -> new SgdConfig(null, 0.0, null, true, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("nesterov"));
        assertThatThrownBy(() -> new SgdConfig(-0.1, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("lr"));
        assertThatThrownBy(() -> new SgdConfig(null, 1.0, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("momentum"));
    }
}
