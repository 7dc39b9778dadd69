package dev.samlab.models.net;

import dev.samlab.models.onednn.Program;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A {@link Network}'s layers as a oneDNN {@link Program}, or the first layer that program does not cover: the
 * oneDNN path serves bias-free convolutions, batch norm, ReLU, max pooling, residual sums and dropout of rate 0,
 * ending in global average pooling before the classifier.
 */
final class FastPath {

    private final ComputationGraph graph;
    private final GraphCompiler.Compiled compiled;

    private FastPath(GraphCompiler.Compiled compiled) {
        this.graph = compiled.graph();
        this.compiled = compiled;
    }

    /** Why a layer keeps the network on DL4J's path. */
    static final class NotCovered extends Exception {
        NotCovered(Layer layer, String what) {
            super(layer.name() + " (" + what + ")");
        }

        NotCovered(String what) {
            super(what);
        }
    }

    /** The program for {@code network}, built as {@code compiled}. */
    static Program program(Network network, GraphCompiler.Compiled compiled) throws NotCovered {
        FastPath path = new FastPath(compiled);
        List<Layer> layers = network.layers();
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Layer.GlobalAveragePooling)) {
            throw new NotCovered("a network that does not end in global average pooling before its classifier");
        }
        Program.Builder program = Program.builder(compiled.graph());
        path.sequence(layers.subList(0, layers.size() - 1), program);
        return program.head("output");
    }

    private void sequence(List<Layer> layers, Program.Builder program) throws NotCovered {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            if (layer instanceof Layer.Conv conv) {
                if (conv.bias()) {
                    throw new NotCovered(layer, "a convolution with a bias");
                }
                Layer.BatchNorm norm = next instanceof Layer.BatchNorm batchNorm ? batchNorm : null;
                i += norm == null ? 0 : 1;
                boolean relu = followedByRelu(layers, i);
                i += relu ? 1 : 0;
                program.conv(conv.name(), norm == null ? null : norm.name(), relu);
            } else if (layer instanceof Layer.BatchNorm) {
                boolean relu = followedByRelu(layers, i);
                i += relu ? 1 : 0;
                program.norm(layer.name(), relu);
            } else if (layer instanceof Layer.Relu) {
                program.relu(layer.name());
            } else if (layer instanceof Layer.MaxPool pool) {
                program.maxPool(pool.name(), pool.size());
            } else if (layer instanceof Layer.Dropout dropout) {
                if (dropout.rate() > 0) {
                    throw new NotCovered(layer, "dropout");
                }
            } else if (layer instanceof Layer.Residual residual) {
                boolean relu = followedByRelu(layers, i);
                i += relu ? 1 : 0;
                residual(residual, relu, program);
            } else {
                throw new NotCovered(layer, layer instanceof Layer.Dense ? "a dense layer" : "global pooling here");
            }
        }
    }

    private static boolean followedByRelu(List<Layer> layers, int i) {
        return i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.Relu;
    }

    private void residual(Layer.Residual residual, boolean relu, Program.Builder program) throws NotCovered {
        Program.Builder main = Program.builder(graph);
        sequence(residual.main(), main);
        Program.Builder shortcut = Program.builder(graph);
        if (residual.shortcut().size() == 1 && residual.shortcut().get(0) instanceof Layer.ZeroPaddedShortcut padded) {
            Shape in = compiled.inputs().get(padded.name());
            Shape out = compiled.shapes().get(padded.name());
            shortcut.zeroPaddedShortcut(
                    padded.name(), in.channels(), out.channels(), GraphCompiler.subsamplingStride(in, out));
        } else {
            sequence(residual.shortcut(), shortcut);
        }
        program.residual(residual.name(), main, shortcut, relu);
    }
}
