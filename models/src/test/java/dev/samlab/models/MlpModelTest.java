package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import dev.samlab.testkit.GradientCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MlpModelTest {

    private static final ImageShape SHAPE = new ImageShape(3, 4, 4);
    private static final int CLASSES = 3;

    private static Model mlp(boolean batchNorm, String precision, long seed) {
        return new MlpProvider()
                .create(new MlpConfig(List.of(6, 5), batchNorm, precision), new ModelContext(SHAPE, CLASSES, seed));
    }

    private static Batch batch(int examples, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(DataType.DOUBLE, examples, SHAPE.channels(), SHAPE.height(), SHAPE.width());
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, examples, CLASSES);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(CLASSES), 1.0);
        }
        return new Batch(features, targets);
    }

    @Test
    void gradientMatchesCentralFiniteDifferencesOfTheMeanLoss() {
        assertGradientMatchesFiniteDifferences(mlp(false, "double", 1));
    }

    @Test
    void gradientThroughBatchNormMatchesFiniteDifferencesInTrainingMode() {
        assertGradientMatchesFiniteDifferences(mlp(true, "double", 2));
    }

    private static void assertGradientMatchesFiniteDifferences(Model model) {
        GradientCheck.assertMatches(model, model.objective(batch(7, 3)), false, 1e-8, 1e-5);
    }

    @Test
    void parametersCarryRolesAndHideRunningStatistics() {
        Model model = mlp(true, "float", 1);

        assertThat(model.parameters().stream().map(Parameter::name))
                .containsExactly(
                        "dense0/W",
                        "bn0/gamma",
                        "bn0/beta",
                        "dense1/W",
                        "bn1/gamma",
                        "bn1/beta",
                        "output/W",
                        "output/b");
        assertThat(model.parameters().stream().map(Parameter::role))
                .containsExactly(
                        ParameterRole.WEIGHT,
                        ParameterRole.NORM_SCALE,
                        ParameterRole.NORM_SHIFT,
                        ParameterRole.WEIGHT,
                        ParameterRole.NORM_SCALE,
                        ParameterRole.NORM_SHIFT,
                        ParameterRole.WEIGHT,
                        ParameterRole.BIAS);
        // 48*6 + 2*6 + 6*5 + 2*5 + 5*3 + 3 trainable; DL4J also stores a mean and a variance per BN channel
        assertThat(model.parameters().size()).isEqualTo(288 + 12 + 30 + 10 + 15 + 3);
        assertThat(((GraphModel) model).storedValues())
                .isEqualTo(model.parameters().size() + 2 * (6 + 5));
    }

    @Test
    void onlyTheFirstEvaluationOfAStepUpdatesRunningStatistics() {
        Model model = mlp(true, "double", 4);
        Batch batch = batch(8, 5);
        INDArray before = model.predict(batch.features());
        Objective objective = model.objective(batch);

        objective.evaluate();
        INDArray afterFirst = model.predict(batch.features());
        objective.evaluate();
        objective.subBatch(0, 4).evaluate();
        INDArray afterMore = model.predict(batch.features());
        model.objective(batch).evaluate();
        INDArray afterNextStep = model.predict(batch.features());

        assertThat(afterFirst)
                .as("inference uses the running statistics the first evaluation moved")
                .isNotEqualTo(before);
        assertThat(afterMore).isEqualTo(afterFirst);
        assertThat(afterNextStep)
                .as("a new step's first evaluation moves them again")
                .isNotEqualTo(afterFirst);
    }

    @Test
    void subBatchIsTheObjectiveOfThoseExamplesAlone() {
        Model model = mlp(false, "double", 6);
        Batch batch = batch(6, 7);
        Batch firstHalf = new Batch(
                batch.features().get(NDArrayIndex.interval(0, 3)).dup(),
                batch.targets().get(NDArrayIndex.interval(0, 3)).dup());

        Evaluation whole = model.objective(firstHalf).evaluate();
        INDArray wholeGradient = model.parameters().list().get(0).gradient().dup();
        Evaluation part = model.objective(batch).subBatch(0, 3).evaluate();

        assertThat(part.loss()).isEqualTo(whole.loss());
        assertThat(part.examples()).isEqualTo(3);
        assertThat(model.parameters().list().get(0).gradient()).isEqualTo(wholeGradient);
    }

    @Test
    void evaluationReportsMeanCrossEntropyAndCorrectCount() {
        Model model = mlp(false, "double", 8);
        Batch batch = batch(10, 9);

        Evaluation evaluation = model.evaluate(batch);

        INDArray p = model.predict(batch.features());
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < 10; i++) {
            int target = batch.targets().getRow(i).argMax().getInt(0);
            loss -= Math.log(p.getDouble(i, target));
            correct += p.getRow(i).argMax().getInt(0) == target ? 1 : 0;
        }
        assertThat(evaluation.loss()).isCloseTo(loss / 10, Offset.offset(1e-12));
        assertThat(evaluation.correct()).isEqualTo(correct);
        assertThat(model.objective(batch).evaluate().loss())
                .as("training mode, no batch norm: same loss")
                .isCloseTo(loss / 10, Offset.offset(1e-9));
    }

    @Test
    void saveAndLoadRestoreIdenticalPredictions() throws IOException {
        Model trained = mlp(true, "float", 10);
        Batch batch = batch(8, 11);
        trained.objective(batch).evaluate();
        trained.parameters().list().get(0).value().addi(0.25);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        trained.save(saved);

        Model restored = mlp(true, "float", 99);
        assertThat(restored.predict(batch.features())).isNotEqualTo(trained.predict(batch.features()));
        restored.load(new ByteArrayInputStream(saved.toByteArray()));

        assertThat(restored.predict(batch.features())).isEqualTo(trained.predict(batch.features()));
    }

    @Test
    void loadRefusesStateOfAnotherArchitecture() throws IOException {
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        mlp(false, "float", 1).save(saved);

        assertThatThrownBy(() -> mlp(true, "float", 1).load(new ByteArrayInputStream(saved.toByteArray())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("different architecture");
    }

    @Test
    void configRejectsBadWidthsAndPrecision() {
        assertThatThrownBy(() -> new MlpConfig(List.of(8, 0), null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("hidden[1]"));
        assertThatThrownBy(() -> new MlpConfig(null, null, "half"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("precision"));
    }
}
