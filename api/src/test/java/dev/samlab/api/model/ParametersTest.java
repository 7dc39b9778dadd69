package dev.samlab.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ParametersTest {

    private static Parameter parameter(String name, ParameterRole role, double... gradient) {
        return new Parameter(name, role, Nd4j.zeros(gradient.length), Nd4j.createFromArray(gradient));
    }

    @Test
    void sizeAndGradientNormRunOverAllParametersAsOneVector() {
        Parameters parameters = new Parameters(
                List.of(parameter("W", ParameterRole.WEIGHT, 3, 0), parameter("b", ParameterRole.BIAS, 4)));

        assertThat(parameters.size()).isEqualTo(3);
        assertThat(parameters.gradientNorm()).isCloseTo(5, within(1e-12));
        assertThat(parameters.firstWithNonFiniteGradient()).isEmpty();
    }

    @Test
    void theFirstNonFiniteGradientIsFoundByName() {
        Parameters parameters = new Parameters(List.of(
                parameter("W", ParameterRole.WEIGHT, 1, 2),
                parameter("b", ParameterRole.BIAS, Double.NaN),
                parameter("c", ParameterRole.BIAS, Double.POSITIVE_INFINITY)));

        assertThat(parameters.firstWithNonFiniteGradient()).map(Parameter::name).contains("b");
    }

    @Test
    void parametersEndToEndInOneBufferFormOneRunWhoseFlatViewsAreTheirMemory() {
        LayeredParameters layered = new LayeredParameters();
        List<ParameterRun> runs = layered.parameters.runs();

        assertThat(runs)
                .extracting(
                        run -> run.parameters().stream().map(Parameter::name).toList())
                .containsExactly(List.of("kernel", "dense", "bias"), List.of("scale"), List.of("head"));
        assertThat(runs).extracting(ParameterRun::offset).containsExactly(0L, 40L, 44L);
        ParameterRun layer = runs.get(0);
        assertThat(layer.length()).isEqualTo(40);
        assertThat(layer.values().toDoubleVector())
                .containsExactly(
                        layered.values.get(NDArrayIndex.interval(0, 40)).toDoubleVector());
        assertThat(layer.gradients().toDoubleVector())
                .containsExactly(
                        layered.gradients.get(NDArrayIndex.interval(0, 40)).toDoubleVector());
        assertThat(runs.get(1).values()).isSameAs(layered.get("scale").value());

        double[] before = layered.values.toDoubleVector();
        layer.values().muli(2);
        double[] after = layered.values.toDoubleVector();
        for (int i = 0; i < after.length; i++) {
            assertThat(after[i]).as("element %d", i).isEqualTo(i < 40 ? 2 * before[i] : before[i]);
        }
    }

    @Test
    void aRunEndsWhereTheValuesOrTheGradientsStopFollowingEachOther() {
        INDArray values = Nd4j.rand(DataType.FLOAT, 6);
        INDArray column = Nd4j.rand(DataType.FLOAT, 3, 2).getColumn(1);
        Parameters parameters = new Parameters(List.of(
                new Parameter("a", ParameterRole.WEIGHT, values.get(NDArrayIndex.interval(0, 2)), Nd4j.rand(2)),
                new Parameter("b", ParameterRole.WEIGHT, values.get(NDArrayIndex.interval(2, 4)), Nd4j.rand(2)),
                new Parameter("column", ParameterRole.WEIGHT, column, column.ulike()),
                new Parameter("d", ParameterRole.BIAS, values.get(NDArrayIndex.interval(4, 6)), Nd4j.rand(2))));

        assertThat(parameters.runs()).extracting(run -> run.parameters().size()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void viewsOfTwoBuffersNeverFormARunEvenWhereTheirOffsetsFollow() {
        INDArray first = Nd4j.rand(DataType.FLOAT, 4);
        INDArray second = Nd4j.rand(DataType.FLOAT, 4);
        Parameters parameters = new Parameters(List.of(
                new Parameter(
                        "a",
                        ParameterRole.WEIGHT,
                        first.get(NDArrayIndex.interval(0, 2)),
                        second.get(NDArrayIndex.interval(0, 2))),
                new Parameter(
                        "b",
                        ParameterRole.WEIGHT,
                        second.get(NDArrayIndex.interval(2, 4)),
                        first.get(NDArrayIndex.interval(2, 4)))));

        assertThat(parameters.runs()).hasSize(2);
    }

    @Test
    void aNonFiniteGradientInsideARunIsNamed() {
        LayeredParameters layered = new LayeredParameters();
        layered.get("bias").gradient().putScalar(2, Double.NaN);

        assertThat(layered.parameters.firstWithNonFiniteGradient())
                .map(Parameter::name)
                .contains("bias");
        assertThat(layered.parameters.gradientNorm()).isNaN();
    }

    @Test
    void theGradientNormOverRunsIsTheNormOfEveryGradientTogether() {
        LayeredParameters layered = new LayeredParameters();
        double sumOfSquares = layered.parameters.stream()
                .mapToDouble(p -> Math.pow(p.gradient().norm2Number().doubleValue(), 2))
                .sum();

        assertThat(layered.parameters.gradientNorm()).isCloseTo(Math.sqrt(sumOfSquares), within(1e-5));
    }

    @Test
    void namesAreUniqueAndTheListFixed() {
        List<Parameter> list = new ArrayList<>(List.of(parameter("W", ParameterRole.WEIGHT, 1)));
        Parameters parameters = new Parameters(list);
        list.add(parameter("b", ParameterRole.BIAS, 1));

        assertThat(parameters.list()).hasSize(1);
        assertThatThrownBy(() -> parameters.list().add(parameter("c", ParameterRole.BIAS, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Parameters(
                        List.of(parameter("W", ParameterRole.WEIGHT, 1), parameter("W", ParameterRole.BIAS, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unique");
    }

    @Test
    void rolesParseFromConfigKeysAndUnknownOnesAreNamed() {
        assertThat(ParameterRole.parse("perturb", List.of("norm_scale", "BIAS")))
                .containsExactlyInAnyOrder(ParameterRole.NORM_SCALE, ParameterRole.BIAS);
        assertThatThrownBy(() -> ParameterRole.parse("adaptive", List.of("weight", "wieght")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("adaptive[1]: unknown role 'wieght'; expected some of: weight, bias, norm_scale,"
                        + " norm_shift");
    }
}
