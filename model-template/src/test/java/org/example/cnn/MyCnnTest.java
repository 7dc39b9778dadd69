package org.example.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.testkit.ModelContract;
import dev.samlab.testkit.RandomBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The model kept to SamLab's contract (in double precision, on DL4J's path), and its fast path agreeing with it. */
class MyCnnTest {

    private static final ImageShape GRAY = new ImageShape(1, 12, 12);
    private static final ModelContext CONTEXT = new ModelContext(GRAY, 3, 7);

    private static Model create(int width, String precision) {
        return new MyCnnProvider().create(new MyCnnProvider.Config(width, precision), CONTEXT);
    }

    @Test
    void keepsTheModelContract() {
        ModelContract.assertHolds(ModelContract.Spec.of(() -> create(2, "double"), GRAY, 3)
                .withEntriesPerTensor(2)
                .withRoles(ParameterRole.WEIGHT, ParameterRole.BIAS, ParameterRole.NORM_SCALE, ParameterRole.NORM_SHIFT)
                .withOtherArchitecture(() -> create(3, "double")));
    }

    /** float32 runs on oneDNN; its loss is the double-precision model's, from the same parameters. */
    @Test
    void theFastPathComputesTheSameLoss() {
        try (Model fast = create(16, "float");
                Model exact = create(16, "double")) {
            for (int i = 0; i < fast.parameters().list().size(); i++) {
                exact.parameters().list().get(i).value().assign(fast.parameters().list().get(i).value());
            }
            Batch batch = RandomBatch.of(8, GRAY, 3, DataType.FLOAT, 1);
            assertThat(fast.objective(batch).evaluate().loss())
                    .isCloseTo(exact.objective(batch).evaluate().loss(), within(1e-5));
        }
    }

    @Test
    void refusesAnUnknownPrecisionNamingTheKey() {
        assertThatThrownBy(() -> new MyCnnProvider.Config(16, "half"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("precision");
    }
}
