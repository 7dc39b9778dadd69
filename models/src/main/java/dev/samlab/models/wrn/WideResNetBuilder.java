package dev.samlab.models.wrn;

import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.ConvGraph;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Builds a wide residual network as a DL4J ComputationGraph: a 3x3 convolution to 16 channels, three groups of
 * pre-activation blocks (stride 2 at the start of groups 2 and 3), batch norm and ReLU, global average pooling, a
 * dense softmax layer.
 */
final class WideResNetBuilder {

    private final WideResNetConfig config;
    private ConvGraph graph;

    WideResNetBuilder(WideResNetConfig config) {
        this.config = config;
    }

    ComputationGraph build(ModelContext context) {
        graph = ConvGraph.start(context, config.precision(), "he");
        String previous = graph.conv("stem/conv", "image", 3, 16, 1);
        int channels = 16;
        for (int group = 0; group < 3; group++) {
            int width = (16 * config.widen()) << group;
            for (int block = 0; block < config.blocksPerGroup(); block++) {
                int stride = group > 0 && block == 0 ? 2 : 1;
                previous = block("group" + (group + 1) + "/block" + (block + 1), previous, channels, width, stride);
                channels = width;
            }
        }
        return graph.finish(preActivation("head", previous), context.classes(), "widen");
    }

    /**
     * bn-relu-conv-bn-relu-dropout-conv plus the input; where the shape changes, the shortcut is a 1x1 convolution of
     * the pre-activated input instead.
     */
    private String block(String name, String input, int in, int out, int stride) {
        String activated = preActivation(name + "/a", input);
        String first = graph.conv(name + "/a/conv", activated, 3, out, stride);
        String second = graph.conv(name + "/b/conv", preActivation(name + "/b", first), 3, out, 1, config.dropout());
        String shortcut =
                in == out && stride == 1 ? input : graph.conv(name + "/shortcut/conv", activated, 1, out, stride);
        graph.vertices().addVertex(name + "/add", new ElementWiseVertex(ElementWiseVertex.Op.Add), second, shortcut);
        return name + "/add";
    }

    private String preActivation(String name, String input) {
        return graph.relu(name + "/relu", graph.batchNorm(name + "/bn", input));
    }
}
