package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.wrn.WideResNetConfig;
import dev.samlab.models.wrn.WideResNetProvider;
import dev.samlab.testkit.RandomBatch;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class WideResNetTest {

    private static final ModelContext CIFAR = new ModelContext(new ImageShape(3, 32, 32), 10, 1);
    private static final ModelContext SMALL = new ModelContext(new ImageShape(3, 8, 8), 3, 2);

    private static Model wrn(int depth, int widen, double dropout, String precision, ModelContext context) {
        return new WideResNetProvider().create(new WideResNetConfig(depth, widen, dropout, precision), context);
    }

    @Test
    void wrn16x8AndWrn28x10HaveThePapersParameterCountsAndRoles() {
        Model wrn16x8 = wrn(16, 8, 0, "float", CIFAR);

        // Zagoruyko and Komodakis: 11.0M and 36.5M; the counts of the PyTorch ports, bias-free convolutions
        assertThat(wrn16x8.parameters().size()).isEqualTo(10_961_370);
        assertThat(wrn(28, 10, 0, "float", CIFAR).parameters().size()).isEqualTo(36_479_194);
        // 3 groups of 2 blocks: 12 convolutions, 3 projections where the width changes, the stem; 13 batch norms
        assertThat(wrn16x8.parameters().stream().filter(p -> p.role() == ParameterRole.WEIGHT))
                .hasSize(17); // and the output layer's
        assertThat(wrn16x8.parameters().stream().filter(p -> p.role() == ParameterRole.NORM_SCALE))
                .hasSize(13);
        assertThat(wrn16x8.buffers()).hasSize(26);
        assertThat(wrn16x8.parameters().stream().map(Parameter::name))
                .contains(
                        "stem/conv/W",
                        "group1/block1/a/bn/gamma",
                        "group1/block1/shortcut/conv/W",
                        "group3/block2/b/conv/W",
                        "head/bn/beta",
                        "output/W",
                        "output/b")
                .doesNotContain("group1/block2/shortcut/conv/W"); // same shape: the identity
    }

    @Test
    void dropoutDropsTheSecondConvolutionsInputsInTrainingOnly() {
        Model dropped = wrn(10, 1, 0.5, "double", SMALL);
        Model kept = wrn(10, 1, 0, "double", SMALL);
        Batch batch = RandomBatch.of(8, 8, 3, DataType.DOUBLE, 5);

        assertThat(dropped.objective(batch).evaluate().loss())
                .isNotEqualTo(dropped.objective(batch).evaluate().loss());
        assertThat(kept.objective(batch).evaluate().loss())
                .isEqualTo(kept.objective(batch).evaluate().loss());
        INDArray prediction = dropped.predict(batch.features());
        assertThat(dropped.predict(batch.features())).isEqualTo(prediction);
    }

    @Test
    void dropoutIsTheProbabilityOfDroppingNotDl4jsOfKeeping() {
        GraphModel model = (GraphModel) wrn(16, 1, 0.3, "float", SMALL);

        assertThat(Arrays.stream(model.graph().getLayers())
                        .filter(layer -> layer.conf().getLayer() instanceof BaseLayer)
                        .map(layer -> layer.conf().getLayer().getLayerName() + " "
                                + dropout(layer.conf().getLayer())))
                .filteredOn(line -> !line.endsWith(" none"))
                .containsExactlyInAnyOrder(
                        "group1/block1/b/conv keeps 0.7",
                        "group1/block2/b/conv keeps 0.7",
                        "group2/block1/b/conv keeps 0.7",
                        "group2/block2/b/conv keeps 0.7",
                        "group3/block1/b/conv keeps 0.7",
                        "group3/block2/b/conv keeps 0.7");
    }

    private static String dropout(org.deeplearning4j.nn.conf.layers.Layer layer) {
        IDropout dropout = layer.getIDropout();
        return dropout == null ? "none" : "keeps " + ((Dropout) dropout).getP();
    }

    @Test
    void configRejectsDepthsOutsideTheFamilyAndDropoutOutsideAProbability() {
        assertThatThrownBy(() -> new WideResNetConfig(20, null, null, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("depth");
                    assertThat(e.problem()).contains("6n+4");
                });
        assertThatThrownBy(() -> new WideResNetConfig(null, 0, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("widen"));
        assertThatThrownBy(() -> new WideResNetConfig(null, null, 1.0, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("dropout"));
        assertThat(new WideResNetConfig(null, null, null, null)).isEqualTo(new WideResNetConfig(16, 8, 0.0, "float"));
    }
}
