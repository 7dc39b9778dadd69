package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Objective;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import dev.samlab.testkit.GradientCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The loss in inference mode as an objective: batch norm with its running statistics, which stay as they were. */
class InferenceObjectiveTest {

    private static Batch batch(int examples, ImageShape shape, int classes, DataType type, long seed) {
        Random random = new Random(seed);
        INDArray features = Nd4j.create(type, examples, shape.channels(), shape.height(), shape.width());
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, 1 + 2 * random.nextGaussian());
        }
        INDArray targets = Nd4j.zeros(type, examples, classes);
        for (int i = 0; i < examples; i++) {
            targets.putScalar(i, random.nextInt(classes), 1);
        }
        return new Batch(features, targets);
    }

    private static byte[] state(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.save(out);
        return out.toByteArray();
    }

    /** A few training steps' worth of running-statistics updates, so running and batch statistics differ. */
    private static void warmUp(Model model, Batch batch) {
        for (int i = 0; i < 3; i++) {
            model.objective(batch).evaluate();
        }
    }

    @Test
    void itsGradientIsThatOfTheInferenceLossForBatchNormInDenseAndConvolutionalModels() {
        ImageShape flat = new ImageShape(1, 3, 3);
        Model mlp = new MlpProvider().create(new MlpConfig(List.of(6), true, "double"), new ModelContext(flat, 3, 5));
        Batch mlpBatch = batch(10, flat, 3, DataType.DOUBLE, 6);
        warmUp(mlp, mlpBatch);
        ImageShape small = new ImageShape(3, 6, 6);
        Model resnet =
                new ResNetProvider().create(new ResNetConfig(8, "B", 2, "double", null), new ModelContext(small, 3, 7));
        Batch resnetBatch = batch(4, small, 3, DataType.DOUBLE, 8);
        warmUp(resnet, resnetBatch);

        // finite differences of the inference loss itself: the objective's loss is evaluate()'s
        assertThat(mlp.inferenceObjective(mlpBatch).evaluate().loss())
                .isCloseTo(mlp.evaluate(mlpBatch).loss(), within(1e-12));
        assertThat(resnet.inferenceObjective(resnetBatch).evaluate().loss())
                .isCloseTo(resnet.evaluate(resnetBatch).loss(), within(1e-12));
        GradientCheck.assertMatches(mlp, mlp.inferenceObjective(mlpBatch), false, 1e-8, 1e-5);
        GradientCheck.assertMatches(resnet, resnet.inferenceObjective(resnetBatch), true, 1e-8, 1e-5);
    }

    @Test
    void inFloatItMatchesEvaluateAndChangesNothingButGradients() throws IOException {
        ImageShape cifar = new ImageShape(3, 32, 32);
        Model resnet = new ResNetProvider()
                .create(new ResNetConfig(8, "A", 16, "float", null), new ModelContext(cifar, 10, 2));
        Batch batch = batch(16, cifar, 10, DataType.FLOAT, 3);
        warmUp(resnet, batch);
        byte[] before = state(resnet);
        double training = resnet.objective(batch).evaluate().loss();
        byte[] afterTraining = state(resnet);

        Objective inference = resnet.inferenceObjective(batch);
        double first = inference.evaluate().loss();
        double second = inference.evaluate().loss();

        assertThat(afterTraining).isNotEqualTo(before); // a training evaluation moves the running statistics
        assertThat(state(resnet)).isEqualTo(afterTraining); // an inference one does not
        assertThat(first)
                .isEqualTo(second)
                .isCloseTo(resnet.evaluate(batch).loss(), within(1e-5 * first))
                .isNotCloseTo(training, within(1e-3 * first));
        assertThat(resnet.parameters().list().get(0).gradient().norm2Number().doubleValue())
                .isPositive();
    }
}
