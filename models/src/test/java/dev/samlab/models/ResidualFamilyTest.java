package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import dev.samlab.models.wrn.WideResNetConfig;
import dev.samlab.models.wrn.WideResNetProvider;
import dev.samlab.testkit.GradientCheck;
import dev.samlab.testkit.RandomBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What every residual network must do, for each family at a size small enough to check: CIFAR ResNets with both
 * shortcuts (their passes on oneDNN) and wide ResNets (on DL4J's graph).
 */
class ResidualFamilyTest {

    /** A family's smallest network, built in the given precision ({@code float} or {@code double}). */
    record Family(String name, BiFunction<String, ModelContext, Model> build) {
        Model create(String precision, ModelContext context) {
            return build.apply(precision, context);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Family> families() {
        return Stream.of(
                new Family(
                        "ResNet-8 A",
                        (precision, context) ->
                                new ResNetProvider().create(new ResNetConfig(8, "A", 2, precision, null), context)),
                new Family(
                        "ResNet-8 B",
                        (precision, context) ->
                                new ResNetProvider().create(new ResNetConfig(8, "B", 2, precision, null), context)),
                new Family(
                        "WRN-10-1",
                        (precision, context) ->
                                new WideResNetProvider().create(new WideResNetConfig(10, 1, 0.0, precision), context)));
    }

    private static final ModelContext SMALL = new ModelContext(new ImageShape(3, 8, 8), 3, 2);

    @ParameterizedTest
    @MethodSource("families")
    void gradientMatchesCentralFiniteDifferencesInDoublePrecision(Family family) {
        Model model = family.create("double", new ModelContext(new ImageShape(3, 6, 6), 3, 5));

        // every tensor of every layer type, sampled: all entries take minutes (ResNet A 40 s and B 56 s passed once)
        GradientCheck.assertMatches(
                model, model.objective(RandomBatch.of(4, 6, 3, DataType.DOUBLE, 7)), true, 1e-6, 1e-4);
    }

    @ParameterizedTest
    @MethodSource("families")
    void trainingModeUsesBatchStatisticsAndInferenceTheRunningOnes(Family family) {
        Model model = family.create("double", SMALL);
        Batch batch = RandomBatch.of(16, 8, 3, DataType.DOUBLE, 3);

        double training = model.objective(batch).evaluate().loss();
        double inferenceBefore = model.evaluate(batch).loss();
        for (int i = 0; i < 150; i++) {
            model.objective(batch).evaluate(); // same weights: running statistics converge to this batch's
        }
        double inferenceAfter = model.evaluate(batch).loss();

        assertThat(Math.abs(inferenceBefore - training)).isGreaterThan(1e-3);
        assertThat(Math.abs(inferenceAfter - training)).isLessThan(Math.abs(inferenceBefore - training) / 20);
    }

    @ParameterizedTest
    @MethodSource("families")
    void exampleLossesAverageToTheTrainingLossAndLeaveRunningStatisticsAlone(Family family) {
        Model model = family.create("double", SMALL);
        Objective objective = model.objective(RandomBatch.of(6, 8, 3, DataType.DOUBLE, 3));
        List<INDArray> statistics = model.buffers().stream().map(INDArray::dup).toList();

        double[] losses = objective.exampleLosses();

        assertThat(model.buffers()).isEqualTo(statistics);
        assertThat(losses).hasSize(6);
        assertThat(Arrays.stream(losses).min().orElseThrow()).isPositive();
        assertThat(Arrays.stream(losses).average().orElseThrow())
                .isCloseTo(objective.evaluate().loss(), within(1e-12));
        assertThat(model.buffers())
                .as("the evaluation that follows is the step's first")
                .isNotEqualTo(statistics);
    }

    @ParameterizedTest
    @MethodSource("families")
    void aSubsetByIndexIsTheBatchOfThoseExamples(Family family) {
        Model model = family.create("double", SMALL);
        Batch batch = RandomBatch.of(6, 8, 3, DataType.DOUBLE, 3);
        int[] chosen = {4, 1, 5};
        Batch picked = new Batch(
                Nd4j.concat(
                        0,
                        Arrays.stream(chosen)
                                .mapToObj(i -> batch.features().get(NDArrayIndex.interval(i, i + 1)))
                                .toArray(INDArray[]::new)),
                Nd4j.concat(
                        0,
                        Arrays.stream(chosen)
                                .mapToObj(i -> batch.targets().getRow(i, true))
                                .toArray(INDArray[]::new)));

        double subsetLoss = model.objective(batch).subset(chosen).evaluate().loss();
        List<INDArray> subsetGradient =
                model.parameters().stream().map(p -> p.gradient().dup()).toList();
        double pickedLoss = model.objective(picked).evaluate().loss();

        assertThat(subsetLoss).isEqualTo(pickedLoss);
        assertThat(model.parameters().stream().map(Parameter::gradient).toList())
                .isEqualTo(subsetGradient);
        assertThat(model.objective(batch).subset(chosen).exampleLosses())
                .containsExactly(model.objective(picked).exampleLosses());
        assertThatThrownBy(() -> model.objective(batch).subset(new int[] {6}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("examples [6] of a batch of 6");
    }

    @ParameterizedTest
    @MethodSource("families")
    void saveAndLoadRestoreBitwiseIdenticalPredictions(Family family) throws IOException {
        Model trained = family.create("float", SMALL);
        Batch batch = RandomBatch.of(8, 8, 3, DataType.FLOAT, 4);
        trained.objective(batch).evaluate();
        trained.parameters().list().get(3).value().addi(0.5);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        trained.save(saved);

        Model restored = family.create("float", new ModelContext(new ImageShape(3, 8, 8), 3, 99));
        restored.load(new ByteArrayInputStream(saved.toByteArray()));

        assertThat(restored.predict(batch.features())).isEqualTo(trained.predict(batch.features()));
    }
}
