package dev.samlab.models.resnet;

import dev.samlab.models.net.Init;
import dev.samlab.models.net.Network;

/**
 * A CIFAR ResNet as a {@link Network}: a 3x3 convolution (width) with batch norm and ReLU, three stages of n basic
 * blocks (width, 2·width, 4·width channels; stride 2 at the start of stages 2 and 3), global average pooling.
 */
final class ResNetNetwork {

    private ResNetNetwork() {}

    static Network of(ResNetConfig config) {
        Network.Builder network = Network.builder()
                .init(config.init().equals("pytorch") ? Init.PYTORCH : Init.HE)
                .sizedBy("width")
                .scope("stem", stem -> stem.conv(config.width(), 3).batchNorm().relu());
        int channels = config.width();
        for (int stage = 0; stage < 3; stage++) {
            int width = config.width() << stage;
            for (int block = 0; block < config.blocksPerStage(); block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                boolean reshapes = stride != 1 || channels != width;
                String name = "block" + (block + 1);
                network.scope(
                        "stage" + (stage + 1),
                        s -> s.scope(name, b -> basicBlock(b, config.shortcut(), width, stride, reshapes)));
                channels = width;
            }
        }
        return network.globalAveragePooling().build();
    }

    /** conv-bn-relu-conv-bn plus the shortcut, then ReLU. */
    private static void basicBlock(Network.Builder block, String option, int width, int stride, boolean reshapes) {
        block.residual(
                        main -> main.scope(
                                        "a",
                                        a -> a.conv(width, 3, stride)
                                                .batchNorm()
                                                .relu())
                                .scope("b", b -> b.conv(width, 3).batchNorm()),
                        shortcut -> {
                            if (reshapes && option.equals("B")) {
                                shortcut.scope(
                                        "shortcut",
                                        s -> s.conv(width, 1, stride).batchNorm());
                            } else if (reshapes) {
                                shortcut.zeroPaddedShortcut();
                            }
                        })
                .relu();
    }
}
