package dev.samlab.models.resnet;

import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.ConvGraph;
import dev.samlab.models.onednn.ResidualNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Builds a CIFAR ResNet as a DL4J ComputationGraph: 3x3 conv (width) with batch norm and ReLU, three stages of n
 * basic blocks (width, 2·width, 4·width channels; stride 2 at the start of stages 2 and 3), global average pooling,
 * a dense softmax layer. Convolutions have no bias; weights are He-initialised unless the config asks for PyTorch's
 * default.
 */
final class ResNetBuilder {

    private final ResNetConfig config;
    private ConvGraph graph;

    ResNetBuilder(ResNetConfig config) {
        this.config = config;
    }

    ComputationGraph build(ModelContext context) {
        graph = ConvGraph.start(context, config.precision(), config.init());
        String previous = convBnRelu("stem", "image", config.width(), 1);
        int channels = config.width();
        for (int stage = 0; stage < 3; stage++) {
            int width = config.width() << stage;
            for (int block = 0; block < config.blocksPerStage(); block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                previous =
                        basicBlock("stage" + (stage + 1) + "/block" + (block + 1), previous, channels, width, stride);
                channels = width;
            }
        }
        return graph.finish(previous, context.classes(), "width");
    }

    /** A graph this builder built, named layer by layer for the oneDNN paths. */
    ResidualNetwork network(ComputationGraph built) {
        ResidualNetwork.Builder network = ResidualNetwork.builder(built).stem("stem/conv", "stem/bn");
        int channels = config.width();
        for (int stage = 0; stage < 3; stage++) {
            int width = config.width() << stage;
            for (int block = 0; block < config.blocksPerStage(); block++) {
                String name = "stage" + (stage + 1) + "/block" + (block + 1);
                boolean reshapes = channels != width || (stage > 0 && block == 0);
                if (reshapes && config.shortcut().equals("B")) {
                    network.block(
                            name + "/a/conv",
                            name + "/a/bn",
                            name + "/b/conv",
                            name + "/b/bn",
                            name + "/shortcut/conv",
                            name + "/shortcut/bn");
                } else {
                    network.block(name + "/a/conv", name + "/a/bn", name + "/b/conv", name + "/b/bn");
                }
                channels = width;
            }
        }
        return network.head("output");
    }

    /** conv-bn-relu-conv-bn plus the shortcut, then ReLU. */
    private String basicBlock(String name, String input, int in, int out, int stride) {
        String residual = convBn(name + "/b", convBnRelu(name + "/a", input, out, stride), out, 1);
        String shortcut = stride == 1 && in == out ? input : shortcut(name + "/shortcut", input, in, out, stride);
        graph.vertices().addVertex(name + "/add", new ElementWiseVertex(ElementWiseVertex.Op.Add), residual, shortcut);
        return graph.relu(name + "/relu", name + "/add");
    }

    private String shortcut(String name, String input, int in, int out, int stride) {
        if (config.shortcut().equals("B")) {
            return graph.batchNorm(name + "/bn", graph.conv(name + "/conv", input, 1, out, stride));
        }
        // option A: every second pixel, then as many all-zero channels as needed
        GraphBuilder vertices = graph.vertices();
        vertices.addLayer(
                name + "/subsample",
                new SubsamplingLayer.Builder(
                                SubsamplingLayer.PoolingType.MAX, new int[] {1, 1}, new int[] {stride, stride})
                        .build(),
                input);
        vertices.addVertex(name + "/zeros", new ScaleVertex(0), name + "/subsample");
        String[] parts = new String[out / in];
        parts[0] = name + "/subsample";
        for (int i = 1; i < parts.length; i++) {
            parts[i] = name + "/zeros";
        }
        vertices.addVertex(name + "/pad", new MergeVertex(), parts);
        return name + "/pad";
    }

    private String convBnRelu(String name, String input, int out, int stride) {
        return graph.relu(name + "/relu", convBn(name, input, out, stride));
    }

    private String convBn(String name, String input, int out, int stride) {
        return graph.batchNorm(name + "/bn", graph.conv(name + "/conv", input, 3, out, stride));
    }
}
