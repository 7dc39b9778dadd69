package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
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
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The float path (oneDNN convolutions, SamLab's batch-norm helper) against DL4J's own implementation in double
 * precision, which the finite-difference checks vouch for: same loss, gradients and running statistics.
 */
class BatchNormHelperTest {

    private static final ModelContext CONTEXT = new ModelContext(new ImageShape(3, 32, 32), 10, 3);

    private static Model resnet(String precision) {
        return new ResNetProvider().create(new ResNetConfig(8, "B", 16, precision, null), CONTEXT);
    }

    /** Inputs with a mean and spread far from 0 and 1, so that batch norm has something to remove. */
    private static Batch batch(DataType type) {
        return batch(type, 24, 4);
    }

    private static Batch batch(DataType type, int examples, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(type, examples, 3, 32, 32);
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, 2 + 3 * random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(type, examples, 10);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(10), 1);
        }
        return new Batch(features, targets);
    }

    /** All stored values (weights, batch-norm running statistics) as doubles. */
    private static INDArray state(Model model) {
        return ((GraphModel) model).graph().params().castTo(DataType.DOUBLE);
    }

    private static double relativeError(INDArray actual, INDArray expected) {
        return actual.castTo(DataType.DOUBLE)
                        .sub(expected.castTo(DataType.DOUBLE))
                        .norm2Number()
                        .doubleValue()
                / expected.castTo(DataType.DOUBLE).norm2Number().doubleValue();
    }

    @Test
    void floatTrainingStepMatchesDl4jsDoublePrecisionImplementation() throws IOException {
        Model fast = resnet("float");
        Model reference = resnet("double");
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        fast.save(weights);
        reference.load(new ByteArrayInputStream(weights.toByteArray()));
        long seed = ReluMargin.firstSafeSeed(candidate -> ReluMargin.safe(
                (GraphModel) reference, batch(DataType.DOUBLE, 4, candidate).features()));

        double fastLoss =
                fast.objective(batch(DataType.FLOAT, 4, seed)).evaluate().loss();
        double referenceLoss =
                reference.objective(batch(DataType.DOUBLE, 4, seed)).evaluate().loss();

        assertThat(fastLoss).isCloseTo(referenceLoss, within(1e-5 * referenceLoss));
        for (int i = 0; i < fast.parameters().list().size(); i++) {
            var parameter = fast.parameters().list().get(i);
            assertThat(relativeError(
                            parameter.gradient(),
                            reference.parameters().list().get(i).gradient()))
                    .as(parameter.name())
                    .isLessThan(1e-4);
        }
        // the running statistics were updated from the batch's statistics, as DL4J does
        assertThat(relativeError(state(fast), state(reference))).isLessThan(1e-6);
        assertThat(relativeError(state(fast), state(resnet("double")))).isGreaterThan(1e-3);
    }

    /** The batch-norm running statistics alone, as one vector of doubles. */
    private static INDArray runningStatistics(Model model) {
        return Nd4j.concat(
                0,
                model.buffers().stream()
                        .map(b -> b.reshape(b.length()).castTo(DataType.DOUBLE))
                        .toArray(INDArray[]::new));
    }

    @Test
    void runningStatisticsArePooledFromEverySubBatchOfTheFirstPass() {
        Batch batch = batch(DataType.FLOAT);
        Model whole = resnet("float");
        whole.objective(batch).evaluate();
        Model inParts = resnet("float");
        INDArray initial = runningStatistics(inParts);

        Objective step = inParts.objective(batch);
        step.subBatch(0, 8).evaluate();
        step.subBatch(0, 8).evaluate(); // the same examples again, as at perturbed weights: not pooled
        INDArray afterFirstPart = runningStatistics(inParts);
        step.subBatch(8, 20).evaluate();
        step.subset(new int[] {20, 21, 22, 23}).evaluate();
        step.subBatch(0, 24).evaluate(); // every example has been through a pass: nothing more

        assertThat(afterFirstPart)
                .as("not until every example has been through a pass")
                .isEqualTo(initial);
        // the stem's batch norm sees the same inputs either way: its statistics are the whole batch's, to float32
        // rounding (the sub-batches' sums are added in another order); deeper
        // layers see inputs each sub-batch normalized with its own statistics, so theirs are close, not equal
        assertThat(relativeError(inParts.buffers().get(0), whole.buffers().get(0)))
                .isLessThan(1e-5);
        assertThat(relativeError(inParts.buffers().get(1), whole.buffers().get(1)))
                .isLessThan(1e-5);
        double pooledError = relativeError(runningStatistics(inParts), runningStatistics(whole));
        Model firstPartOnly = resnet("float"); // what happened before: the first sub-batch's statistics alone
        firstPartOnly
                .objective(new Batch(
                        batch.features().get(NDArrayIndex.interval(0, 8)),
                        batch.targets().get(NDArrayIndex.interval(0, 8))))
                .evaluate();
        assertThat(pooledError)
                .isLessThan(relativeError(runningStatistics(firstPartOnly), runningStatistics(whole)) / 20);
    }

    @Test
    void inferenceMatchesDl4jsDoublePrecisionImplementation() throws IOException {
        Model fast = resnet("float");
        fast.objective(batch(DataType.FLOAT)).evaluate(); // running statistics away from their initial values
        Model reference = resnet("double");
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        fast.save(state);
        reference.load(new ByteArrayInputStream(state.toByteArray()));

        assertThat(relativeError(
                        fast.predict(batch(DataType.FLOAT).features()),
                        reference.predict(batch(DataType.DOUBLE).features())))
                .isLessThan(1e-5);
    }
}
