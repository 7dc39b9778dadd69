package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The oneDNN training path (float32) against DL4J's own training pass in double precision over the same
 * parameters: loss, every parameter's gradient, the running statistics it moves, and a few SAM-like steps.
 */
class ResidualTrainingTest {

    private static final ModelContext CIFAR = new ModelContext(new ImageShape(3, 32, 32), 10, 7);
    /** Images small enough that a batch whose every ReLU input is clear of 0 is common ({@link ReluMargin}). */
    private static final ModelContext SMALL = new ModelContext(new ImageShape(3, 16, 16), 10, 7);
    /** Largest gradient error relative to the gradient's largest entry: float32 through about 30 layers. */
    private static final double GRADIENT_TOLERANCE = 1e-4;

    /** The float model takes the oneDNN path; the double one (which oneDNN does not serve) DL4J's, from its values. */
    private static GraphModel[] fastAndExact(int depth, String shortcut) {
        return fastAndExact(depth, shortcut, CIFAR);
    }

    private static GraphModel[] fastAndExact(int depth, String shortcut, ModelContext context) {
        GraphModel fast =
                (GraphModel) new ResNetProvider().create(new ResNetConfig(depth, shortcut, 8, "float", null), context);
        GraphModel exact =
                (GraphModel) new ResNetProvider().create(new ResNetConfig(depth, shortcut, 8, "double", null), context);
        exact.graph().params().assign(fast.graph().params().castTo(DataType.DOUBLE));
        return new GraphModel[] {fast, exact};
    }

    private static Batch batch(int examples, long seed) {
        return batch(examples, seed, CIFAR);
    }

    private static Batch batch(int examples, long seed, ModelContext context) {
        Random random = new Random(seed);
        ImageShape shape = context.input();
        INDArray images = Nd4j.create(DataType.FLOAT, examples, shape.channels(), shape.height(), shape.width());
        for (long i = 0; i < images.length(); i++) {
            images.putScalar(i, random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(DataType.FLOAT, examples, 10);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(10), 0.9);
            targets.putScalar(i, (i + 1) % 10, targets.getDouble(i, (i + 1) % 10) + 0.1); // smoothed targets
        }
        return new Batch(images, targets);
    }

    private static Batch slice(Batch batch, int[] rows) {
        return new Batch(
                batch.features().get(NDArrayIndex.interval(rows[0], rows[1])),
                batch.targets().get(NDArrayIndex.interval(rows[0], rows[1])));
    }

    private static void assertSameGradients(GraphModel fast, GraphModel exact) {
        List<Parameter> fastParameters = fast.parameters().list();
        List<Parameter> exactParameters = exact.parameters().list();
        assertThat(fastParameters).hasSameSizeAs(exactParameters);
        for (int i = 0; i < fastParameters.size(); i++) {
            INDArray expected = exactParameters.get(i).gradient();
            INDArray error =
                    fastParameters.get(i).gradient().castTo(DataType.DOUBLE).sub(expected);
            assertThat(error.amaxNumber().doubleValue())
                    .as(fastParameters.get(i).name())
                    .isLessThan(GRADIENT_TOLERANCE * expected.amaxNumber().doubleValue());
        }
    }

    private static void assertSameStatistics(GraphModel fast, GraphModel exact) {
        for (int i = 0; i < exact.buffers().size(); i++) {
            INDArray expected = exact.buffers().get(i);
            assertThat(fast.buffers()
                            .get(i)
                            .castTo(DataType.DOUBLE)
                            .sub(expected)
                            .amaxNumber()
                            .doubleValue())
                    .as("running statistic %d", i)
                    .isLessThan(1e-6 + 1e-5 * expected.amaxNumber().doubleValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void computesDl4jsLossGradientsAndRunningStatistics(String shortcut) {
        GraphModel[] models = fastAndExact(14, shortcut, SMALL);
        try (GraphModel fast = models[0];
                GraphModel exact = models[1]) {
            // a batch, a smaller last batch (another plan in the same buffers), the first size again as a view at an
            // offset, then a larger batch that grows the buffers
            int[][] slices = {{0, 4}, {4, 7}, {2, 6}, {1, 8}};
            long seed = ReluMargin.firstSafeSeed(candidate -> Stream.of(slices)
                    .allMatch(rows -> ReluMargin.safe(
                            exact, slice(batch(8, candidate, SMALL), rows).features())));
            Batch whole = batch(8, seed, SMALL);
            for (int[] rows : slices) {
                Batch batch = slice(whole, rows);
                Evaluation fastEvaluation = fast.objective(batch).evaluate();
                Evaluation exactEvaluation = exact.objective(batch).evaluate();

                assertThat(fastEvaluation.loss()).isCloseTo(exactEvaluation.loss(), within(1e-5));
                assertThat(fastEvaluation.correct()).isEqualTo(exactEvaluation.correct());
                assertThat(fastEvaluation.examples()).isEqualTo(rows[1] - rows[0]);
                assertSameGradients(fast, exact);
                assertSameStatistics(fast, exact);
            }
        }
    }

    /**
     * SAM's shape of step: a gradient, an ascent along it, a second gradient there, the descent from the starting
     * point. Only the first evaluation moves the running statistics; both paths must agree step after step.
     */
    @Test
    void trainsAsDl4jDoesStepAfterStep() {
        GraphModel[] models = fastAndExact(8, "A");
        try (GraphModel fast = models[0];
                GraphModel exact = models[1]) {
            INDArray initial = exact.graph().params().dup();
            for (int step = 0; step < 4; step++) {
                Batch batch = batch(16, 100 + step);
                double fastLoss = samStep(fast, batch);
                double exactLoss = samStep(exact, batch);
                assertThat(fastLoss).as("step %d", step).isCloseTo(exactLoss, within(1e-4));
                assertSameStatistics(fast, exact);
            }
            INDArray fastValues = fast.graph().params().castTo(DataType.DOUBLE);
            assertThat(fastValues.sub(exact.graph().params()).amaxNumber().doubleValue())
                    .isLessThan(1e-4);
            assertThat(fastValues
                            .sub(fastAndExact(8, "A")[1].graph().params())
                            .amaxNumber()
                            .doubleValue())
                    .as("the steps moved the parameters")
                    .isGreaterThan(1e-2);
        }
    }

    /**
     * ESAM's shape of step: after the first pass, per-example losses and a pass over the sharpest examples alone,
     * which runs the oneDNN path on a batch of another size in training mode without touching the statistics.
     */
    @Test
    void computesDl4jsPerExampleLossesAndSubsetGradientsAfterTheFirstPass() {
        GraphModel[] models = fastAndExact(8, "A");
        try (GraphModel fast = models[0];
                GraphModel exact = models[1]) {
            Batch batch = batch(12, 60);
            Objective fastObjective = fast.objective(batch);
            Objective exactObjective = exact.objective(batch);
            fastObjective.evaluate();
            exactObjective.evaluate();
            INDArray statistics = fast.graph().params().dup();

            assertThat(fastObjective.exampleLosses()).containsExactly(exactObjective.exampleLosses(), within(1e-5));
            int[] sharpest = {1, 4, 5, 9, 11};
            Evaluation fastSubset = fastObjective.subset(sharpest).evaluate();
            Evaluation exactSubset = exactObjective.subset(sharpest).evaluate();

            assertThat(fastSubset.loss()).isCloseTo(exactSubset.loss(), within(1e-5));
            assertThat(fastSubset.examples()).isEqualTo(sharpest.length);
            assertSameGradients(fast, exact);
            assertThat(fast.graph().params().sub(statistics).amaxNumber().doubleValue())
                    .as("running statistics untouched after the first pass")
                    .isZero();
        }
    }

    private static double samStep(GraphModel model, Batch batch) {
        Objective objective = model.objective(batch);
        double loss = objective.evaluate().loss();
        double norm = model.parameters().gradientNorm();
        List<INDArray> ascent = model.parameters().stream()
                .map(p -> p.gradient().mul(0.05 / norm))
                .toList();
        List<Parameter> parameters = model.parameters().list();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).value().addi(ascent.get(i));
        }
        objective.evaluate();
        for (int i = 0; i < parameters.size(); i++) {
            parameters
                    .get(i)
                    .value()
                    .subi(ascent.get(i))
                    .subi(parameters.get(i).gradient().mul(0.1));
        }
        return loss;
    }

    /** Inference mode (running statistics, as flatness measures differentiate it) leaves the statistics alone. */
    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void computesDl4jsInferenceModeLossAndGradients(String shortcut) {
        GraphModel[] models = fastAndExact(14, shortcut);
        try (GraphModel fast = models[0];
                GraphModel exact = models[1]) {
            for (int step = 0; step < 3; step++) { // running statistics away from their initial 0 and 1
                Batch batch = batch(12, 40 + step);
                fast.objective(batch).evaluate();
                exact.objective(batch).evaluate();
            }
            Batch batch = batch(10, 50);
            INDArray before = fast.graph().params().dup();

            Evaluation fastEvaluation = fast.inferenceObjective(batch).evaluate();
            Evaluation exactEvaluation = exact.inferenceObjective(batch).evaluate();

            assertThat(fast.graph().params().sub(before).amaxNumber().doubleValue())
                    .as("running statistics untouched")
                    .isZero();
            assertThat(fastEvaluation.loss())
                    .isCloseTo(exactEvaluation.loss(), within(1e-5))
                    .isCloseTo(fast.evaluate(batch).loss(), within(1e-5));
            assertSameGradients(fast, exact);
            assertThat(fast.objective(batch).evaluate().loss())
                    .as("training mode differs")
                    .isNotCloseTo(fastEvaluation.loss(), within(1e-3));
        }
    }
}
