package dev.samlab.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.models.dl4j.BatchNormHelper;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.resnet.ResNet20Provider;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import dev.samlab.testkit.RandomBatch;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ResNetTest {

    private static final ModelContext CIFAR = new ModelContext(new ImageShape(3, 32, 32), 10, 1);

    private static Model resnet(int depth, String shortcut, int width, String precision, ModelContext context) {
        return new ResNetProvider().create(new ResNetConfig(depth, shortcut, width, precision, null), context);
    }

    @Test
    void resNet20HasThePapersParameterCountsAndRoles() {
        Model a = new ResNet20Provider().create(new ResNet20Provider.Config(null, null, null, null), CIFAR);
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
        model.objective(RandomBatch.of(8, 32, 10, DataType.FLOAT, 1)).evaluate();

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

    @Test
    void initialWeightsAreHesOrPyTorchsDefaultAsConfigured() {
        // stage 3's convolutions: 64 input channels by 3x3, fan-in 576
        INDArray he = weights(resnet(20, "A", 16, "float", CIFAR), "stage3/block2/a/conv/W");
        INDArray pytorch = weights(
                new ResNetProvider().create(new ResNetConfig(20, "A", 16, "float", "pytorch"), CIFAR),
                "stage3/block2/a/conv/W");

        assertThat(he.stdNumber().doubleValue()).isCloseTo(Math.sqrt(2.0 / 576), within(0.03 * Math.sqrt(2.0 / 576)));
        assertThat(pytorch.stdNumber().doubleValue())
                .isCloseTo(1 / Math.sqrt(3.0 * 576), within(0.03 / Math.sqrt(3.0 * 576)));
        assertThat(pytorch.amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / Math.sqrt(576.0));
        assertThatThrownBy(() -> new ResNetConfig(null, null, null, null, "xavier"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("init"));
    }

    private static INDArray weights(Model model, String name) {
        return model.parameters().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow()
                .value();
    }

    @Test
    void configRejectsDepthsOutsideTheFamily() {
        assertThatThrownBy(() -> new ResNetConfig(21, null, null, null, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("depth");
                    assertThat(e.problem()).contains("6n+2");
                });
        assertThatThrownBy(() -> new ResNetConfig(null, "C", null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("shortcut"));
        assertThat(new ResNetConfig(null, "b", null, null, null).shortcut()).isEqualTo("B");
    }

    /**
     * oneDNN 2.5's 1x1 weight-gradient kernel overran its scratch buffer on strided projections of fewer than 16
     * channels when the batch was small and odd, which aborted the JVM here within a few passes ("double free or
     * corruption"); {@code TrainingConv} now passes over that kernel there.
     */
    @Test
    void projectionShortcutsOfFewChannelsTrainOnSmallOddBatches() {
        ImageShape shape = new ImageShape(3, 16, 16);
        for (int width : new int[] {2, 8}) {
            try (Model model = resnet(8, "B", width, "float", new ModelContext(shape, 10, 1))) {
                for (int examples : new int[] {5, 7, 9}) {
                    for (int pass = 0; pass < 5; pass++) {
                        double loss = model.objective(RandomBatch.of(examples, shape, 10, DataType.FLOAT, pass))
                                .evaluate()
                                .loss();
                        assertThat(loss)
                                .as("width %d, %d examples", width, examples)
                                .isFinite();
                    }
                }
            }
        }
    }
}
