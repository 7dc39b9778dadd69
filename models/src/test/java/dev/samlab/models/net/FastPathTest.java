package dev.samlab.models.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.ModelContext;
import dev.samlab.models.NetworkPathsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** Which networks the oneDNN path takes, and the layer named when it does not. */
class FastPathTest {

    private static final ModelContext CIFAR = new ModelContext(new ImageShape(3, 32, 32), 10, 1);

    private static GraphCompiler.Compiled compiled(Network network) {
        return GraphCompiler.compile(network, CIFAR, Precision.FLOAT);
    }

    @Test
    void aNetworkOfCoveredLayersGetsAProgram() throws Exception {
        Network network = Network.builder()
                .conv(8, 3)
                .batchNorm()
                .relu()
                .maxPool(2)
                .residual(main -> main.conv(8, 3).batchNorm())
                .relu()
                .globalAveragePooling()
                .build();
        assertThat(FastPath.program(network, compiled(network))).isNotNull();
    }

    @Test
    void theNetworksComparedWithDl4jsPathGetPrograms() throws Exception {
        for (Arguments arguments : NetworkPathsTest.networks().toList()) {
            ImageShape input = (ImageShape) arguments.get()[1];
            Network network = (Network) arguments.get()[2];
            GraphCompiler.Compiled compiled =
                    GraphCompiler.compile(network, new ModelContext(input, 10, 5), Precision.FLOAT);
            assertThat(FastPath.program(network, compiled))
                    .as((String) arguments.get()[0])
                    .isNotNull();
        }
    }

    @Test
    void theFirstLayerItDoesNotCoverIsNamed() {
        Network dense =
                Network.builder().conv(8, 3).batchNorm().relu().dense(32).relu().build();
        Network biased = Network.builder()
                .add(new Layer.Conv("biased", 8, 3, 1, true))
                .globalAveragePooling()
                .build();
        Network dropout = Network.builder()
                .scope("block", b -> b.conv(8, 3).dropout(0.3).conv(8, 3))
                .globalAveragePooling()
                .build();

        assertThatThrownBy(() -> FastPath.program(dense, compiled(dense)))
                .hasMessage("a network that does not end in global average pooling before its classifier");
        assertThatThrownBy(() -> FastPath.program(biased, compiled(biased)))
                .hasMessage("biased (a convolution with a bias)");
        assertThatThrownBy(() -> FastPath.program(dropout, compiled(dropout))).hasMessage("block/dropout (dropout)");
    }

    @Test
    void layersAreNamedByKindWithinTheirScope() {
        Network network = Network.builder()
                .conv(8, 3)
                .conv(8, 3)
                .scope("block", b -> b.conv(8, 3).batchNorm().residual(main -> main.conv(8, 3)))
                .globalAveragePooling()
                .build();

        assertThat(network.layers())
                .extracting(Layer::name)
                .containsExactly("conv", "conv2", "block/conv", "block/bn", "block/add", "pool");
        assertThat(((Layer.Residual) network.layers().get(4)).main())
                .extracting(Layer::name)
                .containsExactly("block/conv2");
        assertThatThrownBy(() -> Network.builder().conv(8, 3).add(new Layer.Relu("conv")))
                .hasMessage("two layers are named 'conv'");
    }

    @Test
    void shapesThatCannotFlowAreRefusedNamingTheLayer() {
        Network sum = Network.builder()
                .conv(8, 3)
                .residual(main -> main.conv(16, 3))
                .globalAveragePooling()
                .build();
        Network window = Network.builder().maxPool(64).build();

        assertThatThrownBy(() -> compiled(sum))
                .hasMessage("add: the main path ends in 16x32x32, the shortcut in 8x32x32; a sum needs one shape");
        assertThatThrownBy(() -> compiled(window)).hasMessage("maxpool: a 64x64 window does not fit 3x32x32");
    }
}
