package dev.samlab.optim.asam;

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
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.sam.Bases;
import dev.samlab.optim.sgd.SgdConfig;
import dev.samlab.testkit.Quadratic;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

class AsamTest {

    static final double[] W0 = {1, -2, 0.5};
    static final double[][] B = {{1, 0, 2}, {0, 1, -1}, {2, 2, 0}, {5, -4, 3}};
    static final StepContext STEP = StepContext.constant(0, 0);

    private static SharpnessKeys keys(Double rho, Integer m) {
        return new SharpnessKeys(rho, m, null, null, null, null, null, null, null, null);
    }

    private static final SgdConfig PLAIN_SGD = new SgdConfig(0.1, 0.0, null, null, null);

    private static Optimizer asam(double rho, double eta, List<String> adaptive, OptimizerConfig base) {
        return new AsamProvider().create(new AsamConfig(base, eta, adaptive, keys(rho, null)), Bases.context(4));
    }

    /** ∇L(w + e) with e = ρ T²g / (‖T g‖ + 1e-16), T given per coordinate. */
    private static double[] asamGradient(Quadratic q, double rho, double[] t) {
        double[] g = q.gradientAt(W0, 0, 4);
        double[] tg = new double[3];
        double[] ttg = new double[3];
        for (int i = 0; i < 3; i++) {
            tg[i] = t[i] * g[i];
            ttg[i] = t[i] * tg[i];
        }
        return q.gradientAt(plus(W0, rho / (norm(tg) + 1e-16), ttg), 0, 4);
    }

    /** In float on the CPU the ascent runs as a loop in Java, in double as ND4J's operations: both match it. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void withSgdOneStepMatchesTheClosedFormScalingWeightsOnlyByDefault(DataType type) {
        Quadratic q = new Quadratic(W0, B, type);

        asam(0.5, 0.01, null, PLAIN_SGD).step(q.parameters, q.objective(), STEP);

        // the weight tensor is rescaled by |w| + η; the bias keeps T = 1
        double[] t = {1.01, 2.01, 1};
        assertThat(q.w())
                .containsExactly(
                        plus(W0, -0.1, asamGradient(q, 0.5, t)), within(type == DataType.FLOAT ? 1e-6 : 1e-12));
    }

    @Test
    void withAdamOneStepMatchesTheClosedForm() {
        Quadratic q = new Quadratic(W0, B);

        asam(0.5, 0.01, null, new AdamConfig(0.01, null, null, null, null, null))
                .step(q.parameters, q.objective(), STEP);

        double[] g = asamGradient(q, 0.5, new double[] {1.01, 2.01, 1});
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = W0[i] - 0.01 * g[i] / (Math.abs(g[i]) + 1e-8);
        }
        assertThat(q.w()).containsExactly(expected, within(1e-12));
    }

    @Test
    void everyRoleListedIsRescaledAsDavda54Does() {
        Quadratic q = new Quadratic(W0, B);

        asam(2.0, 0.0, List.of("weight", "bias", "norm_scale", "norm_shift"), PLAIN_SGD)
                .step(q.parameters, q.objective(), STEP);

        double[] t = {1, 2, 0.5};
        assertThat(q.w()).containsExactly(plus(W0, -0.1, asamGradient(q, 2.0, t)), within(1e-12));
    }

    @Test
    void itsGradientDiffersFromBothThePlainAndTheSamGradient() {
        Quadratic q = new Quadratic(W0, B);
        double[] asamG = asamGradient(q, 0.5, new double[] {1.01, 2.01, 1});
        double[] plain = q.gradientAt(W0, 0, 4);
        double[] samG = q.gradientAt(plus(W0, 0.5 / norm(plain), plain), 0, 4);

        assertThat(norm(plus(asamG, -1, plain))).isGreaterThan(0.1);
        assertThat(norm(plus(asamG, -1, samG))).isGreaterThan(0.1);
    }

    @Test
    void rejectsBadOptionsByName() {
        assertThatThrownBy(() -> new AsamConfig(PLAIN_SGD, -0.01, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("eta"));
        assertThatThrownBy(() -> new AsamConfig(PLAIN_SGD, null, null, keys(-1.0, null)))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("rho"));
        assertThatThrownBy(() -> new AsamConfig(PLAIN_SGD, null, List.of("weight", "bais"), null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("adaptive[1]");
                    assertThat(e.problem()).contains("'bais'").contains("weight, bias, norm_scale, norm_shift");
                });
        assertThatThrownBy(() -> new AsamProvider()
                        .create(new AsamConfig(PLAIN_SGD, null, null, keys(null, 3)), Bases.context(128)))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("m"));
    }

    @Test
    void defaultsAreThePapers() {
        AsamConfig config = new AsamConfig(PLAIN_SGD, null, null, null);
        SharpnessSettings settings = config.sharpness().over(AsamConfig.DEFAULTS);

        assertThat(settings.rho()).isEqualTo(0.5);
        assertThat(config.eta()).isEqualTo(0.01);
        assertThat(settings.epsilon()).isEqualTo(1e-16);
        assertThat(config.adaptive()).containsExactly("weight", "norm_scale");
    }
}
