package dev.samlab.optim.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.optim.sgd.SgdConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SamConfigTest {

    private static final SgdConfig SGD = new SgdConfig();

    private static void assertRejected(Runnable creation, String field, String problem) {
        assertThatThrownBy(creation::run).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).contains(problem);
        });
    }

    private static SamConfig sam(Double rho, Integer m) {
        return new SamConfig(SGD, FamilyChecks.keys(rho, m, null, null));
    }

    @Test
    void defaultsAreThePapers() {
        SharpnessSettings settings = new SamConfig(SGD, null).sharpness().over(SamConfig.DEFAULTS);

        assertThat(settings.rho()).isEqualTo(0.05);
        assertThat(settings.epsilon()).isEqualTo(1e-12);
        assertThat(settings.lossWeightDecay()).isZero();
        assertThat(settings.m()).isNull();
        assertThat(settings.perturb()).containsExactlyInAnyOrder(ParameterRole.values());
        assertThat(settings.every()).isOne();
        assertThat(settings.probability()).isOne();
        assertThat(settings.startEpoch()).isZero();
        assertThat(settings.rhoSchedule()).isEqualTo(SharpnessSettings.RhoSchedule.CONSTANT);
    }

    @Test
    void rejectsBadOptionsByName() {
        assertRejected(() -> sam(-0.1, null), "rho", "must be >= 0");
        assertRejected(() -> sam(null, 0), "m", "must be > 0");
        assertRejected(
                () -> new SamConfig(SGD, new SharpnessKeys(null, null, -1.0, null, null, null, null, null, null, null)),
                "epsilon",
                "must be >= 0");
        assertRejected(
                () -> new SamConfig(SGD, new SharpnessKeys(null, null, null, -1.0, null, null, null, null, null, null)),
                "lossWeightDecay",
                "must be >= 0");
        assertRejected(
                () -> new SamProvider().create(new SamConfig(null, null), Bases.context(4)),
                "base",
                "missing: name the optimizer sam wraps");
    }

    @Test
    void mMustDivideTheBatch() {
        assertRejected(
                () -> new SamProvider().create(sam(null, 48), Bases.context(128)),
                "m",
                "must divide training.batchSize (128), got 48");
        assertRejected(() -> new SamProvider().create(sam(null, 256), Bases.context(128)), "m", "must divide");
        assertThat(new SamProvider().create(sam(null, 32), Bases.context(128))).isNotNull();
    }

    @Test
    void aBaseThatTakesNoGradientIsRefused() {
        OptimizerContext context = new OptimizerContext() {
            @Override
            public Optimizer create(String field, OptimizerConfig config) {
                return new Optimizer() { // like SAM itself: steps from an objective, takes no gradient
                    @Override
                    public StepReport step(Parameters parameters, Objective objective, StepContext step) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Map<String, INDArray> state() {
                        return Map.of();
                    }

                    @Override
                    public void restoreState(Map<String, INDArray> state) {}
                };
            }

            @Override
            public int batchSize() {
                return 128;
            }
        };

        assertRejected(
                () -> new SamProvider().create(new SamConfig(SGD, null), context),
                "base",
                "must be a first-order optimizer");
    }
}
