package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.models.dl4j.BatchNormHelper;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.resnet.ResNet20Provider;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ResNetTest {

    private static final ModelContext CIFAR = new ModelContext(new ImageShape(3, 32, 32), 10, 1);

    private static Model resnet(int depth, String shortcut, int width, String precision, ModelContext context) {
        return new ResNetProvider().create(new ResNetConfig(depth, shortcut, width, precision), context);
    }

    private static Batch batch(int examples, int size, int classes, DataType type, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(type, examples, 3, size, size);
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(type, examples, classes);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(classes), 1.0);
        }
        return new Batch(features, targets);
    }

    @Test
    void resNet20HasThePapersParameterCountsAndRoles() {
        Model a = new ResNet20Provider().create(new ResNet20Provider.Config(null, null, null), CIFAR);
        Model b = resnet(20, "B", 16, "float", CIFAR);

        assertThat(a.parameters().size()).isEqualTo(269_722);
        assertThat(b.parameters().size()).isEqualTo(272_474);
        assertThat(resnet(56, "A", 16, "float", CIFAR).parameters().size()).isEqualTo(853_018);
        assertThat(a.parameters().list()).hasSize(59);
        // batch norm's running mean and log10 standard deviation: 19 layers, 1,376 values beside the parameters
        assertThat(a.buffers()).hasSize(38);
        assertThat(a.buffers().stream().mapToLong(INDArray::length).sum()).isEqualTo(1_376);
        assertThat(a.parameters().stream().filter(p -> p.role() == ParameterRole.WEIGHT))
                .hasSize(20);
        assertThat(a.parameters().stream().map(Parameter::name))
                .contains("stem/conv/W", "stem/bn/gamma", "stage3/block3/b/bn/beta", "output/W", "output/b")
                .noneMatch(name -> name.endsWith("/mean") || name.endsWith("/var") || name.endsWith("log10stdev"));
    }

    @Test
    void convolutionTakesTheOneDnnPathAndBatchNormSamLabsHelper() {
        GraphModel model = (GraphModel) resnet(20, "B", 16, "float", CIFAR);
        model.objective(batch(8, 32, 10, DataType.FLOAT, 1)).evaluate();

        List<Layer> layers = Arrays.asList(model.graph().getLayers());
        List<Layer> convolutions =
                layers.stream().filter(l -> l instanceof ConvolutionLayer).toList();
        List<Layer> norms =
                layers.stream().filter(l -> l instanceof BatchNormalization).toList();

        assertThat(convolutions)
                .hasSize(21)
                .allSatisfy(l -> assertThat(((ConvolutionLayer) l).getHelper()).isInstanceOf(MKLDNNConvHelper.class));
        assertThat(norms)
                .hasSize(21)
                .allSatisfy(
                        l -> assertThat(((BatchNormalization) l).getHelper()).isInstanceOf(BatchNormHelper.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void gradientMatchesCentralFiniteDifferencesInDoublePrecision(String shortcut) {
        Model model = resnet(8, shortcut, 2, "double", new ModelContext(new ImageShape(3, 6, 6), 3, 5));

        // every tensor of every layer type, sampled: all entries take minutes (they passed once: A 40 s, B 56 s)
        GradientCheck.assertMatches(model, model.objective(batch(4, 6, 3, DataType.DOUBLE, 7)), true, 1e-6, 1e-4);
    }

    @Test
    void trainingModeUsesBatchStatisticsAndInferenceTheRunningOnes() {
        Model model = resnet(8, "A", 4, "double", new ModelContext(new ImageShape(3, 8, 8), 3, 2));
        Batch batch = batch(16, 8, 3, DataType.DOUBLE, 3);

        double training = model.objective(batch).evaluate().loss();
        double inferenceBefore = model.evaluate(batch).loss();
        for (int i = 0; i < 150; i++) {
            model.objective(batch).evaluate(); // same weights: running statistics converge to this batch's
        }
        double inferenceAfter = model.evaluate(batch).loss();

        assertThat(Math.abs(inferenceBefore - training)).isGreaterThan(1e-3);
        assertThat(Math.abs(inferenceAfter - training)).isLessThan(Math.abs(inferenceBefore - training) / 20);
    }

    @Test
    void exampleLossesAverageToTheTrainingLossAndLeaveRunningStatisticsAlone() {
        Model model = resnet(8, "A", 4, "double", new ModelContext(new ImageShape(3, 8, 8), 3, 2));
        Objective objective = model.objective(batch(6, 8, 3, DataType.DOUBLE, 3));
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

    @Test
    void aSubsetByIndexIsTheBatchOfThoseExamples() {
        Model model = resnet(8, "B", 4, "double", new ModelContext(new ImageShape(3, 8, 8), 3, 2));
        Batch batch = batch(6, 8, 3, DataType.DOUBLE, 3);
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

    @Test
    void saveAndLoadRestoreBitwiseIdenticalPredictions() throws IOException {
        Model trained = resnet(8, "B", 4, "float", new ModelContext(new ImageShape(3, 8, 8), 3, 2));
        Batch batch = batch(8, 8, 3, DataType.FLOAT, 4);
        trained.objective(batch).evaluate();
        trained.parameters().list().get(3).value().addi(0.5);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        trained.save(saved);

        Model restored = resnet(8, "B", 4, "float", new ModelContext(new ImageShape(3, 8, 8), 3, 99));
        restored.load(new ByteArrayInputStream(saved.toByteArray()));

        assertThat(restored.predict(batch.features())).isEqualTo(trained.predict(batch.features()));
    }

    @Test
    void configRejectsDepthsOutsideTheFamily() {
        assertThatThrownBy(() -> new ResNetConfig(21, null, null, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("depth");
                    assertThat(e.problem()).contains("6n+2");
                });
        assertThatThrownBy(() -> new ResNetConfig(null, "C", null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("shortcut"));
        assertThat(new ResNetConfig(null, "b", null, null).shortcut()).isEqualTo("B");
    }
}
