package dev.samlab.optim.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessSettings;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** SAM through a real model with batch norm: running statistics see only the unperturbed pass. */
class SamWithModelsTest {

    private static Model mlpWithBatchNorm() {
        return new MlpProvider()
                .create(new MlpConfig(List.of(8), true, "double"), new ModelContext(new ImageShape(1, 3, 3), 3, 11));
    }

    private static Batch batch() {
        Random random = new Random(5);
        INDArray features = Nd4j.create(DataType.DOUBLE, 12, 1, 3, 3);
        for (long i = 0; i < features.length(); i++) {
            features.putScalar(i, random.nextGaussian() * 2 + 1);
        }
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, 12, 3);
        for (int i = 0; i < 12; i++) {
            targets.putScalar(i, i % 3, 1);
        }
        return new Batch(features, targets);
    }

    @Test
    void runningStatisticsAreUpdatedByTheFirstEvaluationOnly() {
        Model withSam = mlpWithBatchNorm();
        Model reference = mlpWithBatchNorm();
        Batch batch = batch();

        // a base that does not move the weights: only running statistics can change inference outputs
        SharpnessAware.around(new Bases.Recording(null))
                .settings(SharpnessSettings.builder().rho(0.5).build())
                .build()
                .step(withSam.parameters(), withSam.objective(batch), StepContext.constant(0, 0));
        reference.objective(batch).evaluate();

        assertThat(withSam.predict(batch.features())).isEqualTo(reference.predict(batch.features()));
        Model untouched = mlpWithBatchNorm();
        assertThat(withSam.predict(batch.features()))
                .as("the first evaluation did move them")
                .isNotEqualTo(untouched.predict(batch.features()));
    }

    @Test
    void samLowersTheTrainingLossOfABatchNormNetwork() {
        Model model = mlpWithBatchNorm();
        Batch batch = batch();
        SharpnessAware sam = SharpnessAware.around(Bases.adam(0.01))
                .settings(SharpnessSettings.builder().m(4).build())
                .build();

        double first = sam.step(model.parameters(), model.objective(batch), StepContext.constant(0, 0))
                .evaluation()
                .loss();
        double last = first;
        for (int i = 1; i < 30; i++) {
            last = sam.step(model.parameters(), model.objective(batch), StepContext.constant(i, 0))
                    .evaluation()
                    .loss();
        }

        assertThat(last).isLessThan(first * 0.5);
    }
}
