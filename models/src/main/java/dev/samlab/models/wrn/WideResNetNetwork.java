package dev.samlab.models.wrn;

import dev.samlab.models.net.Network;

/**
 * A wide residual network as a {@link Network}: a 3x3 convolution to 16 channels, three groups of pre-activation
 * blocks (stride 2 at the start of groups 2 and 3), batch norm and ReLU, global average pooling.
 */
final class WideResNetNetwork {

    private WideResNetNetwork() {}

    static Network of(WideResNetConfig config) {
        Network.Builder network = Network.builder().sizedBy("widen").scope("stem", stem -> stem.conv(16, 3));
        int channels = 16;
        for (int group = 0; group < 3; group++) {
            int width = (16 * config.widen()) << group;
            for (int block = 0; block < config.blocksPerGroup(); block++) {
                int stride = group > 0 && block == 0 ? 2 : 1;
                boolean reshapes = channels != width || stride != 1;
                String name = "block" + (block + 1);
                network.scope(
                        "group" + (group + 1),
                        g -> g.scope(name, b -> block(b, width, stride, reshapes, config.dropout())));
                channels = width;
            }
        }
        return network.scope("head", head -> head.batchNorm().relu())
                .globalAveragePooling()
                .build();
    }

    /**
     * bn-relu-conv-bn-relu-dropout-conv plus the input; where the shape changes, the shortcut is a 1x1 convolution of
     * the pre-activated input instead.
     */
    private static void block(Network.Builder block, int width, int stride, boolean reshapes, double dropout) {
        if (reshapes) {
            block.scope("a", a -> a.batchNorm().relu())
                    .residual(
                            main -> main.scope("a", a -> a.conv(width, 3, stride))
                                    .scope("b", b -> secondConv(b, width, dropout)),
                            shortcut -> shortcut.scope("shortcut", s -> s.conv(width, 1, stride)));
        } else {
            block.residual(main -> main.scope("a", a -> a.batchNorm().relu().conv(width, 3, stride))
                    .scope("b", b -> secondConv(b, width, dropout)));
        }
    }

    private static void secondConv(Network.Builder b, int width, double dropout) {
        b.batchNorm().relu().dropout(dropout).conv(width, 3);
    }
}
