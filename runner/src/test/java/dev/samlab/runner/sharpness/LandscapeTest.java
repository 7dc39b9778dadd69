package dev.samlab.runner.sharpness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

class LandscapeTest {

    private static Model mlp(long seed) {
        return new MlpProvider()
                .create(new MlpConfig(List.of(5), true, "double"), new ModelContext(new ImageShape(1, 3, 3), 3, seed));
    }

    /** The loss in inference mode, with the running statistics: what a checkpoint is judged by. */
    private static double ownLoss(Model model) {
        return model.evaluate(batches().get(0)).loss();
    }

    private static List<Batch> batches() {
        return List.of(TinyBatches.random(12, 2));
    }

    @Test
    void theLandscapeAtTheOriginIsTheModelsOwnLossAndTheModelComesBackUnchanged() throws IOException {
        Model model = mlp(1);
        new LossSurface(model, batches()).at(null, null); // running statistics away from their initial values
        double own = ownLoss(model);
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        model.save(state);

        List<Landscape.Point> line = new Landscape(model, batches()).around(11, 1.0, false, 3);
        List<Landscape.Point> plane = new Landscape(model, batches()).around(5, 0.5, true, 3);

        assertThat(line.get(5).x()).isZero();
        assertThat(line.get(5).loss()).isEqualTo(own);
        assertThat(plane.get(12).x()).isZero();
        assertThat(plane.get(12).y()).isZero();
        assertThat(plane.get(12).loss()).isEqualTo(own);
        assertThat(line.get(0).loss()).isNotEqualTo(own);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        model.save(after);
        assertThat(after.toByteArray()).isEqualTo(state.toByteArray()); // weights and running statistics
    }

    @Test
    void interpolationPassesThroughBothSolutionsRunningStatisticsIncluded() {
        Model first = mlp(1);
        Model second = mlp(2);
        for (int i = 0; i < 5; i++) {
            second.objective(batches().get(0)).evaluate(); // its running statistics now differ from first's
        }
        double firstLoss = ownLoss(first);
        double secondLoss = ownLoss(second);

        List<Landscape.Point> line =
                new Landscape(first, batches()).interpolate(Landscape.stateOf(second), new double[] {0, 0.5, 1});

        assertThat(line.get(0).loss()).isCloseTo(firstLoss, within(1e-12));
        assertThat(line.get(2).loss()).isCloseTo(secondLoss, within(1e-12));
        assertThat(line.get(1).x()).isEqualTo(0.5);
        assertThat(ownLoss(first)).isEqualTo(firstLoss); // and first is itself again
    }

    @Test
    void directionsAreFilterNormalizedAndLeaveBiasesAndBatchNormAlone() {
        Model mlp = mlp(4);
        Model resnet = new ResNetProvider()
                .create(new ResNetConfig(8, "A", 2, "double", null), new ModelContext(new ImageShape(3, 6, 6), 3, 5));

        assertFilterNormalized(mlp, 2);
        assertFilterNormalized(resnet, 8);
    }

    private static void assertFilterNormalized(Model model, int weightTensors) {
        Direction d = new Landscape(model, batches()).filterNormalized(new SplittableRandom(5));
        int weights = 0;
        for (int i = 0; i < d.parts.size(); i++) {
            Parameter parameter = model.parameters().list().get(i);
            INDArray w = parameter.value();
            INDArray part = d.parts.get(i);
            if (parameter.role() != ParameterRole.WEIGHT) { // biases and batch norm's scale and shift
                assertThat(part.norm2Number().doubleValue())
                        .as(parameter.name())
                        .isZero();
                continue;
            }
            weights++;
            int unitAxis = w.rank() == 2 ? 1 : 0; // dense [in, out], convolution [out, in, kh, kw]
            for (long unit = 0; unit < w.size(unitAxis); unit++) {
                INDArrayIndex[] filter = new INDArrayIndex[w.rank()];
                Arrays.fill(filter, NDArrayIndex.all());
                filter[unitAxis] = NDArrayIndex.point(unit);
                assertThat(part.get(filter).norm2Number().doubleValue())
                        .as(parameter.name() + " unit " + unit)
                        .isCloseTo(w.get(filter).norm2Number().doubleValue(), within(1e-9));
            }
        }
        assertThat(weights).isEqualTo(weightTensors);
    }
}
