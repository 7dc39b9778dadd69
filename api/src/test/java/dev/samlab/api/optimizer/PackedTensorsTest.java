package dev.samlab.api.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PackedTensorsTest {

    private final Parameters parameters = new Parameters(List.of(
            parameter("kernel", Nd4j.rand(DataType.FLOAT, 2, 3, 2, 2)),
            parameter("dense", Nd4j.rand(DataType.FLOAT, 3, 4).dup('f')),
            parameter("bias", Nd4j.rand(DataType.FLOAT, 4))));

    @Test
    void eachPartIsAViewShapedAndOrderedLikeItsParameterAtItsPlaceInTheVector() {
        PackedTensors packed = new PackedTensors(parameters);

        assertThat(packed.all().length()).isEqualTo(24 + 12 + 4);
        assertThat(packed.all().sumNumber().doubleValue()).isZero();
        for (Parameter p : parameters) {
            assertThat(packed.part(p).shape()).isEqualTo(p.value().shape());
            assertThat(packed.part(p).ordering()).isEqualTo(p.value().ordering());
        }
        packed.part("dense").assign(1);
        double[] all = packed.all().toDoubleVector();
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).as("element %d", i).isEqualTo(i >= 24 && i < 36 ? 1.0 : 0.0);
        }
    }

    @Test
    void gatherCopiesEachParametersTensorIntoItsPart() {
        PackedTensors packed = new PackedTensors(parameters);

        packed.gather(parameters, Parameter::gradient);

        for (Parameter p : parameters) {
            assertThat(packed.part(p)).isEqualTo(p.gradient());
        }
        assertThat(packed.all().sumNumber().doubleValue())
                .isCloseTo(
                        parameters.stream()
                                .mapToDouble(p -> p.gradient().sumNumber().doubleValue())
                                .sum(),
                        org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void knowsWhichParametersItPacksAndNamesThemWhenAskedForAnother() {
        PackedTensors packed = new PackedTensors(parameters);

        assertThat(packed.packs(parameters)).isTrue();
        assertThat(packed.packs(new Parameters(parameters.list().subList(0, 2))))
                .isFalse();
        assertThatThrownBy(() -> packed.part("other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no packed tensor for parameter 'other': packed for [kernel, dense, bias]");
    }

    @Test
    void refusesParametersOfMixedTypes() {
        Parameters mixed = new Parameters(
                List.of(parameter("a", Nd4j.rand(DataType.FLOAT, 3)), parameter("b", Nd4j.rand(DataType.DOUBLE, 3))));

        assertThatThrownBy(() -> new PackedTensors(mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter b is DOUBLE, the others FLOAT: packed tensors share one type");
    }

    private static Parameter parameter(String name, INDArray value) {
        return new Parameter(
                name,
                ParameterRole.WEIGHT,
                value,
                Nd4j.rand(value.dataType(), value.shape()).dup(value.ordering()));
    }
}
