package dev.samlab.optim.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
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

    @Test
    void defaultsAreThePapers() {
        SamConfig config = new SamConfig(null, SGD, null, null, null);

        assertThat(config.rho()).isEqualTo(0.05);
        assertThat(config.epsilon()).isEqualTo(1e-12);
        assertThat(config.lossWeightDecay()).isZero();
        assertThat(config.m()).isNull();
    }

    @Test
    void rejectsBadOptionsByName() {
        assertRejected(() -> new SamConfig(-0.1, SGD, null, null, null), "rho", "must be >= 0");
        assertRejected(() -> new SamConfig(null, SGD, 0, null, null), "m", "must be > 0");
        assertRejected(() -> new SamConfig(null, SGD, null, -1.0, null), "epsilon", "must be >= 0");
        assertRejected(() -> new SamConfig(null, SGD, null, null, -1.0), "lossWeightDecay", "must be >= 0");
        assertRejected(() -> new SamConfig(null, null, null, null, null), "base", "missing");
        assertRejected(() -> new SamConfig(null, new SamConfig(null, SGD, null, null, null), null, null, null),
                "base", "SAM cannot wrap SAM");
    }

    @Test
    void mMustDivideTheBatch() {
        SamConfig config = new SamConfig(null, SGD, 48, null, null);

        assertRejected(() -> new SamProvider().create(config, Bases.context(128)), "m",
                "must divide training.batchSize (128), got 48");
        assertRejected(() -> new SamProvider().create(new SamConfig(null, SGD, 256, null, null), Bases.context(128)),
                "m", "must divide");
        assertThat(new SamProvider().create(new SamConfig(null, SGD, 32, null, null), Bases.context(128))).isNotNull();
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
                    public void restoreState(Map<String, INDArray> state) {
                    }
                };
            }

            @Override
            public int batchSize() {
                return 128;
            }
        };

        assertRejected(() -> new SamProvider().create(new SamConfig(null, SGD, null, null, null), context), "base",
                "must be a first-order optimizer");
    }
}
