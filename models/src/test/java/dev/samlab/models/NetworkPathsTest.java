package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Parameter;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.net.Network;
import dev.samlab.models.net.Precision;
import dev.samlab.testkit.RandomBatch;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Networks declared with {@link Network} out of every layer the oneDNN path covers, in the combinations it treats
 * differently (a ReLU of its own, a batch norm that follows no convolution, max pooling that drops a row, a residual
 * whose main path ends in a ReLU, nested residuals, a strided projection of few channels, grayscale images), on an
 * even batch and a small odd one: the float32 model on the oneDNN path against
 * the same network in float64 on DL4J's path, from the same parameters — losses, every gradient, the running
 * statistics, inference. (A ReLU or a max-pooling window whose input lies within float32 rounding of its decision
 * — 0, or a tie — can send a gradient one way in float32 and the other in float64; these seeded inputs have none.)
 */
public class NetworkPathsTest {

    /** Largest gradient error relative to the gradient's largest entry, float32 against float64. */
    private static final double GRADIENT_TOLERANCE = 1e-4;

    /** Description, input shape, network: each on the oneDNN path ({@code FastPathTest} checks that). */
    public static Stream<Arguments> networks() {
        ImageShape cifar = new ImageShape(3, 32, 32);
        ImageShape mnist = new ImageShape(1, 28, 28);
        return Stream.of(
                Arguments.of(
                        "VGG-style on grayscale 28x28 (pooling 7 to 3)",
                        mnist,
                        Network.builder()
                                .conv(8, 3)
                                .batchNorm()
                                .relu()
                                .conv(8, 3)
                                .batchNorm()
                                .relu()
                                .maxPool(2)
                                .conv(16, 3)
                                .batchNorm()
                                .relu()
                                .maxPool(2)
                                .conv(16, 3)
                                .batchNorm()
                                .relu()
                                .globalAveragePooling()
                                .build()),
                Arguments.of(
                        "nested residuals and a zero-padded shortcut",
                        cifar,
                        Network.builder()
                                .conv(4, 3)
                                .batchNorm()
                                .relu()
                                .residual(
                                        outer -> outer.residual(inner ->
                                                        inner.conv(4, 3).batchNorm())
                                                .relu()
                                                .conv(8, 3, 2)
                                                .batchNorm(),
                                        s -> s.zeroPaddedShortcut())
                                .relu()
                                .dropout(0)
                                .globalAveragePooling()
                                .build()),
                Arguments.of(
                        "a ReLU of its own, batch norm after a ReLU and before a convolution, a pre-activation block",
                        new ImageShape(3, 16, 16),
                        Network.builder()
                                .conv(4, 3)
                                .relu()
                                .batchNorm()
                                .relu()
                                .residual(main -> main.conv(4, 3).batchNorm().relu())
                                .residual(
                                        main -> main.batchNorm().relu().conv(8, 3, 2),
                                        shortcut -> shortcut.conv(8, 1, 2))
                                .relu()
                                .globalAveragePooling()
                                .build()),
                Arguments.of(
                        "a strided 1x1 projection of 4 channels (oneDNN 2.5's 1x1 kernel overran its scratch buffer)",
                        new ImageShape(3, 16, 16),
                        Network.builder()
                                .conv(4, 3)
                                .batchNorm()
                                .relu()
                                .residual(
                                        main -> main.conv(8, 3, 2)
                                                .batchNorm()
                                                .relu()
                                                .conv(8, 3)
                                                .batchNorm(),
                                        shortcut -> shortcut.conv(8, 1, 2).batchNorm())
                                .relu()
                                .globalAveragePooling()
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void theOneDnnPathComputesWhatDl4jComputes(String description, ImageShape input, Network network) {
        ModelContext context = new ModelContext(input, 10, 5);
        try (GraphModel fast = (GraphModel) network.build(context);
                GraphModel exact = (GraphModel) network.build(context, Precision.DOUBLE)) {
            exact.graph().params().assign(fast.graph().params().castTo(DataType.DOUBLE));
            // an even batch and a small odd one, where oneDNN's kernels split the examples unevenly between threads
            for (int examples : new int[] {12, 7}) {
                Batch batch = RandomBatch.of(examples, input, 10, DataType.FLOAT, examples);
                Evaluation fastEvaluation = fast.objective(batch).evaluate();
                Evaluation exactEvaluation = exact.objective(batch).evaluate();
                assertThat(fastEvaluation.loss()).isCloseTo(exactEvaluation.loss(), within(1e-5));
                assertSameGradients(fast, exact);
                assertSameValues(fast.buffers(), exact.buffers(), "running statistic");
            }
            Batch batch = RandomBatch.of(9, input, 10, DataType.FLOAT, 99);
            Evaluation fastInference = fast.inferenceObjective(batch).evaluate();
            assertThat(fastInference.loss())
                    .isCloseTo(exact.inferenceObjective(batch).evaluate().loss(), within(1e-5))
                    .isCloseTo(fast.evaluate(batch).loss(), within(1e-5));
            assertSameGradients(fast, exact);
            INDArray probabilities = fast.predict(batch.features());
            assertThat(probabilities
                            .castTo(DataType.DOUBLE)
                            .sub(exact.graph()
                                    .outputSingle(false, batch.features().castTo(DataType.DOUBLE)))
                            .amaxNumber()
                            .doubleValue())
                    .as("inference, batch norm folded")
                    .isLessThan(2e-5);
        }
    }

    private static void assertSameGradients(GraphModel fast, GraphModel exact) {
        List<Parameter> fastParameters = fast.parameters().list();
        List<Parameter> exactParameters = exact.parameters().list();
        assertThat(fastParameters).hasSameSizeAs(exactParameters);
        SoftAssertions softly = new SoftAssertions(); // every parameter's error, where the first can mislead
        for (int i = 0; i < fastParameters.size(); i++) {
            INDArray expected = exactParameters.get(i).gradient();
            double error = fastParameters
                    .get(i)
                    .gradient()
                    .castTo(DataType.DOUBLE)
                    .sub(expected)
                    .amaxNumber()
                    .doubleValue();
            softly.assertThat(error)
                    .as(fastParameters.get(i).name())
                    .isLessThan(GRADIENT_TOLERANCE * expected.amaxNumber().doubleValue());
        }
        softly.assertAll();
    }

    private static void assertSameValues(List<INDArray> actual, List<INDArray> expected, String what) {
        for (int i = 0; i < expected.size(); i++) {
            double error = actual.get(i)
                    .castTo(DataType.DOUBLE)
                    .sub(expected.get(i))
                    .amaxNumber()
                    .doubleValue();
            assertThat(error)
                    .as("%s %d", what, i)
                    .isLessThan(1e-6 + 1e-5 * expected.get(i).amaxNumber().doubleValue());
        }
    }
}
