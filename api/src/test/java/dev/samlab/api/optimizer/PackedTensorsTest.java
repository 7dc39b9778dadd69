package dev.samlab.api.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.model.LayeredParameters;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.ParameterRun;
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
    void copiesRunByRunIntoThePartsOfEachParameterAndBack() {
        LayeredParameters layered = new LayeredParameters();
        PackedTensors packed = new PackedTensors(layered.parameters);

        packed.copyFrom(layered.parameters, ParameterRun::gradients);

        for (Parameter p : layered.parameters) {
            assertThat(packed.part(p)).as(p.name()).isEqualTo(p.gradient());
        }
        for (ParameterRun run : layered.parameters.runs()) {
            assertThat(packed.part(run)).isEqualTo(run.gradients());
        }

        double[] before = layered.values.toDoubleVector();
        layered.parameters.forEach(p -> p.value().assign(0));
        packed.copyTo(layered.parameters, ParameterRun::values);

        for (Parameter p : layered.parameters) {
            assertThat(p.value()).as(p.name()).isEqualTo(p.gradient());
        }
        double[] after = layered.values.toDoubleVector();
        for (int i = 40; i < 44; i++) {
            assertThat(after[i]).as("running statistic %d, not a parameter", i).isEqualTo(before[i]);
        }
    }

    @Test
    void namesTheParametersOfARunItWasNotPackedFor() {
        LayeredParameters layered = new LayeredParameters();
        PackedTensors packed =
                new PackedTensors(new Parameters(layered.parameters.list().subList(3, 5)));

        assertThatThrownBy(() -> packed.part(layered.parameters.runs().get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no packed tensor for the run of [kernel, dense, bias]");
    }

    @Test
    void knowsWhichParametersItPacksAndNamesThemWhenAskedForAnother() {
        PackedTensors packed = new PackedTensors(parameters);

        assertThat(packed.packs(parameters)).isTrue();
        assertThat(packed.packs(new Parameters(parameters.list().subList(0, 2))))
                .isFalse();
        packed.requirePacks(parameters, "Adam");
        assertThatThrownBy(() ->
                        packed.requirePacks(new Parameters(parameters.list().subList(0, 2)), "Adam"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Adam was given other parameters than at its first step: [kernel, dense] instead of"
                        + " [kernel, dense, bias]");
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
