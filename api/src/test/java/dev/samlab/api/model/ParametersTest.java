package dev.samlab.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

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
