package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float path (oneDNN convolutions, SamLab's batch-norm helper) against DL4J's own implementation in double
 * precision, which the finite-difference checks vouch for: same loss, gradients and running statistics.
 */
class BatchNormHelperTest {

    private static final ModelContext CONTEXT = new ModelContext(new ImageShape(3, 32, 32), 10, 3);

    private static Model resnet(String precision) {
        return new ResNetProvider().create(new ResNetConfig(8, "B", 16, precision), CONTEXT);
    }

    /** Inputs with a mean and spread far from 0 and 1, so that batch norm has something to remove. */
    private static Batch batch(DataType type) {
        Random random = new Random(4);
        INDArray features = Nd4j.create(type, 24, 3, 32, 32);
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, 2 + 3 * random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(type, 24, 10);
        for (int i = 0; i < 24; i++) {
            targets.putScalar(i, random.nextInt(10), 1);
        }
        return new Batch(features, targets);
    }

    /** All stored values (weights, batch-norm running statistics) as doubles. */
    private static INDArray state(Model model) {
        return ((GraphModel) model).graph().params().castTo(DataType.DOUBLE);
    }

    private static double relativeError(INDArray actual, INDArray expected) {
        return actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
                / expected.castTo(DataType.DOUBLE).norm2Number().doubleValue();
    }

    @Test
    void floatTrainingStepMatchesDl4jsDoublePrecisionImplementation() throws IOException {
        Model fast = resnet("float");
        Model reference = resnet("double");
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        fast.save(weights);
        reference.load(new ByteArrayInputStream(weights.toByteArray()));

        double fastLoss = fast.objective(batch(DataType.FLOAT)).evaluate().loss();
        double referenceLoss = reference.objective(batch(DataType.DOUBLE)).evaluate().loss();

        assertThat(fastLoss).isCloseTo(referenceLoss, within(1e-5 * referenceLoss));
        for (int i = 0; i < fast.parameters().list().size(); i++) {
            var parameter = fast.parameters().list().get(i);
            assertThat(relativeError(parameter.gradient(), reference.parameters().list().get(i).gradient()))
                    .as(parameter.name()).isLessThan(1e-4);
        }
        // the running statistics were updated from the batch's statistics, as DL4J does
        assertThat(relativeError(state(fast), state(reference))).isLessThan(1e-6);
        assertThat(relativeError(state(fast), state(resnet("double")))).isGreaterThan(1e-3);
    }

    @Test
    void inferenceMatchesDl4jsDoublePrecisionImplementation() throws IOException {
        Model fast = resnet("float");
        fast.objective(batch(DataType.FLOAT)).evaluate(); // running statistics away from their initial values
        Model reference = resnet("double");
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        fast.save(state);
        reference.load(new ByteArrayInputStream(state.toByteArray()));

        assertThat(relativeError(fast.predict(batch(DataType.FLOAT).features()),
                reference.predict(batch(DataType.DOUBLE).features()))).isLessThan(1e-5);
    }
}
