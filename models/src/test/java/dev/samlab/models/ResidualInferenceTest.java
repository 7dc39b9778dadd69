package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.onednn.Program;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The oneDNN inference path (batch norm folded into the convolutions, ReLU and residual sums fused) against DL4J's
 * own inference-mode forward pass over the same graph and parameters.
 */
class ResidualInferenceTest {

    private static final ModelContext CIFAR = new ModelContext(new ImageShape(3, 32, 32), 10, 7);
    /** Float32 through about 20 layers in two different operation orders. */
    private static final double TOLERANCE = 2e-5;

    private static GraphModel resnet(int depth, String shortcut) {
        return (GraphModel) new ResNetProvider().create(new ResNetConfig(depth, shortcut, 8, "float", null), CIFAR);
    }

    private static INDArray images(int examples, long seed) {
        Random random = new Random(seed);
        INDArray images = Nd4j.create(DataType.FLOAT, examples, 3, 32, 32);
        for (long i = 0; i < images.length(); i++) {
            images.putScalar(i, random.nextGaussian());
        }
        return images;
    }

    /**
     * Running statistics and affine parameters as after training rather than as initialised (mean 0, std 1, γ 1,
     * β 0, where folding errors would cancel): training passes over {@code images} move the statistics, then γ and
     * β are spread.
     */
    private static void giveTrainedStatistics(GraphModel model, INDArray images, long seed) {
        Random random = new Random(seed);
        INDArray targets = Nd4j.zeros(DataType.FLOAT, images.size(0), 10);
        for (int i = 0; i < images.size(0); i++) {
            targets.putScalar(i, random.nextInt(10), 1);
        }
        for (int i = 0; i < 10; i++) {
            model.objective(new Batch(images, targets)).evaluate();
        }
        model.graph().getLayer("output").getParam("W").muli(0.3); // logits of a few units, not saturated
        for (Layer layer : model.graph().getLayers()) {
            if (layer instanceof BatchNormalization) {
                fill(layer.getParam("gamma"), () -> 0.5 + random.nextDouble());
                fill(layer.getParam("beta"), () -> 0.3 * random.nextGaussian());
            }
        }
    }

    /** Not saturated: on average the likeliest class gets well under all of the probability. */
    private static double meanTopProbability(INDArray probabilities) {
        return probabilities.max(1).meanNumber().doubleValue();
    }

    private static void fill(INDArray values, java.util.function.DoubleSupplier value) {
        for (long i = 0; i < values.length(); i++) {
            values.putScalar(i, value.getAsDouble());
        }
    }

    private static double largestDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void computesWhatDl4jComputesInInferenceMode(String shortcut) {
        try (GraphModel model = resnet(14, shortcut)) {
            assertThat(Program.supports(model.graph()))
                    .as("oneDNN loads on the CPU build")
                    .isTrue();
            INDArray images = images(24, 5);
            giveTrainedStatistics(model, images, 3);

            INDArray expected = model.graph().outputSingle(false, images);
            INDArray actual = model.predict(images);

            assertThat(actual.shape()).containsExactly(24, 10);
            assertThat(largestDifference(actual, expected)).isLessThan(TOLERANCE);
            assertThat(meanTopProbability(expected)).isBetween(0.15, 0.9);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void seesParametersChangedInPlaceBetweenCalls(String shortcut) {
        try (GraphModel model = resnet(8, shortcut)) {
            INDArray images = images(6, 11);
            INDArray before = model.predict(images);

            giveTrainedStatistics(model, images, 13);
            model.parameters().forEach(p -> p.value().muli(1.3));

            INDArray after = model.predict(images);
            assertThat(largestDifference(after, before)).isGreaterThan(1e-3);
            assertThat(largestDifference(after, model.graph().outputSingle(false, images)))
                    .isLessThan(TOLERANCE);
        }
    }

    @org.junit.jupiter.api.Test
    void servesBatchesOfEverySizeAndArraysThatAreViews() {
        try (GraphModel model = resnet(8, "A")) {
            INDArray images = images(40, 19);
            giveTrainedStatistics(model, images, 17);
            // sizes in turn past the two kept plans, then back, as views at an offset; then a view with other strides
            for (int size : new int[] {16, 5, 16, 1, 40, 5}) {
                INDArray part = images.get(NDArrayIndex.interval(40 - size, 40));
                assertThat(largestDifference(model.predict(part), model.graph().outputSingle(false, part)))
                        .as("batch of %d", size)
                        .isLessThan(TOLERANCE);
            }
            INDArray strided = images.permute(0, 1, 3, 2);
            assertThat(largestDifference(model.predict(strided), model.graph().outputSingle(false, strided.dup())))
                    .isLessThan(TOLERANCE);
        }
    }
}
