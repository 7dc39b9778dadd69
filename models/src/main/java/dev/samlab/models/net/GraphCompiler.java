package dev.samlab.models.net;

import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.ParameterBudget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A {@link Network} as a DL4J ComputationGraph from the input {@code image} to the softmax layer {@code output},
 * one vertex per layer under the layer's name. A dropout becomes the next convolution's or dense layer's input
 * dropout, and a ReLU right after a dense layer that layer's activation. SamLab's optimizers update the parameters,
 * never DL4J's updater.
 */
final class GraphCompiler {

    private final GraphBuilder graph;
    /** Each layer's output shape, by name. */
    private final Map<String, Shape> shapes = new HashMap<>();
    /** Each layer's input shape, by name. */
    private final Map<String, Shape> inputs = new HashMap<>();

    private double pendingDropout;

    private GraphCompiler(GraphBuilder graph) {
        this.graph = graph;
    }

    /** The graph, and each layer's input and output shapes by name. */
    record Compiled(ComputationGraph graph, Map<String, Shape> inputs, Map<String, Shape> shapes) {}

    static Compiled compile(Network network, ModelContext context, Precision precision) {
        GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(context.seed())
                .dataType(precision == Precision.DOUBLE ? DataType.DOUBLE : DataType.FLOAT)
                .weightInit(weightInit(network.init()))
                .convolutionMode(ConvolutionMode.Truncate)
                .updater(new NoOp())
                // backprop reuses each convolution's forward output, not a recomputation; networks without one keep
                // DL4J's default, which the MLP has always run with
                .cacheMode(hasConvolution(network.layers()) ? CacheMode.DEVICE : CacheMode.NONE)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(
                        context.input().height(),
                        context.input().width(),
                        context.input().channels()));
        GraphCompiler compiler = new GraphCompiler(builder);
        Shape image = new Shape(
                context.input().channels(),
                context.input().height(),
                context.input().width());
        Flow features = compiler.sequence(network.layers(), new Flow("image", image), null);
        OutputLayer.Builder output = new OutputLayer.Builder(LossFunction.MCXENT)
                .nOut(context.classes())
                .activation(Activation.SOFTMAX);
        if (network.classifierInit() != network.init()) {
            output.weightInit(weightInit(network.classifierInit()));
        }
        builder.addLayer("output", compiler.withDropout(output).build(), features.name());
        ComputationGraph built =
                ParameterBudget.initialise(builder.setOutputs("output").build(), network.sizeKey());
        return new Compiled(built, Map.copyOf(compiler.inputs), Map.copyOf(compiler.shapes));
    }

    private static boolean hasConvolution(List<Layer> layers) {
        return layers.stream()
                .anyMatch(layer -> layer instanceof Layer.Conv
                        || layer instanceof Layer.Residual residual
                                && (hasConvolution(residual.main()) || hasConvolution(residual.shortcut())));
    }

    private static WeightInit weightInit(Init init) {
        return switch (init) {
            case HE -> WeightInit.RELU;
            case PYTORCH -> WeightInit.UNIFORM;
            case XAVIER -> WeightInit.XAVIER;
        };
    }

    /** A vertex's name and the shape it outputs. */
    private record Flow(String name, Shape shape) {}

    /** @param after the layer after the sequence; null where the classifier follows */
    private Flow sequence(List<Layer> layers, Flow input, Layer after) {
        Flow flow = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : after;
            if (layer instanceof Layer.Dense dense && next instanceof Layer.Relu && i + 1 < layers.size()) {
                flow = dense(dense, flow, Activation.RELU);
                i++; // the ReLU is the dense layer's activation
            } else {
                flow = layer(layer, flow, next);
            }
        }
        return flow;
    }

    /** @param next the layer after it; null where the classifier follows */
    private Flow layer(Layer layer, Flow input, Layer next) {
        if (layer instanceof Layer.Conv conv) {
            return conv(conv, input);
        } else if (layer instanceof Layer.BatchNorm) {
            return add(layer, new BatchNormalization.Builder().build(), input, input.shape());
        } else if (layer instanceof Layer.Relu) {
            return add(layer, new ActivationLayer(Activation.RELU), input, input.shape());
        } else if (layer instanceof Layer.MaxPool pool) {
            return maxPool(pool, input);
        } else if (layer instanceof Layer.Dropout dropout) {
            return dropout(dropout, input, next);
        } else if (layer instanceof Layer.Dense dense) {
            return dense(dense, input, Activation.IDENTITY);
        } else if (layer instanceof Layer.GlobalAveragePooling) {
            Shape pooled = Shape.vector(image(layer, input).channels());
            return add(layer, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input, pooled);
        } else if (layer instanceof Layer.Residual residual) {
            return residual(residual, input);
        }
        throw new IllegalArgumentException(layer.name() + ": a zero-padded shortcut belongs in a residual's shortcut");
    }

    private Flow conv(Layer.Conv conv, Flow input) {
        Shape in = image(conv, input);
        int padding = conv.kernel() / 2;
        Shape out =
                new Shape(conv.channels(), convolved(conv, in.height(), padding), convolved(conv, in.width(), padding));
        ConvolutionLayer.Builder layer = new ConvolutionLayer.Builder(conv.kernel(), conv.kernel())
                .stride(conv.stride(), conv.stride())
                .padding(padding, padding)
                .nOut(conv.channels())
                .hasBias(conv.bias())
                .activation(Activation.IDENTITY);
        return add(conv, withDropout(layer).build(), input, out);
    }

    private static int convolved(Layer.Conv conv, int size, int padding) {
        int out = (size + 2 * padding - conv.kernel()) / conv.stride() + 1;
        if (out <= 0) {
            throw new IllegalArgumentException(conv.name() + ": a " + conv.kernel() + "x" + conv.kernel()
                    + " window does not fit an image of size " + size);
        }
        return out;
    }

    private Flow maxPool(Layer.MaxPool pool, Flow input) {
        Shape in = image(pool, input);
        if (in.height() < pool.size() || in.width() < pool.size()) {
            throw new IllegalArgumentException(
                    pool.name() + ": a " + pool.size() + "x" + pool.size() + " window does not fit " + in);
        }
        Shape out = new Shape(in.channels(), in.height() / pool.size(), in.width() / pool.size());
        int size = pool.size();
        return add(
                pool,
                new SubsamplingLayer.Builder(
                                SubsamplingLayer.PoolingType.MAX, new int[] {size, size}, new int[] {size, size})
                        .build(),
                input,
                out);
    }

    /** Held for the next convolution or dense layer (or the classifier); a layer of its own before anything else. */
    private Flow dropout(Layer.Dropout dropout, Flow input, Layer next) {
        if (next == null || next instanceof Layer.Conv || next instanceof Layer.Dense) {
            pendingDropout = dropout.rate();
            return input;
        }
        return add(
                dropout,
                new DropoutLayer.Builder(1 - dropout.rate()).build(), // DL4J's argument: the probability of keeping
                input,
                input.shape());
    }

    private Flow dense(Layer.Dense dense, Flow input, Activation activation) {
        DenseLayer.Builder layer = new DenseLayer.Builder()
                .nOut(dense.units())
                .hasBias(dense.bias())
                .activation(activation);
        return add(dense, withDropout(layer).build(), input, Shape.vector(dense.units()));
    }

    private <B extends BaseLayer.Builder<B>> B withDropout(B layer) {
        if (pendingDropout > 0) {
            layer.dropOut(new org.deeplearning4j.nn.conf.dropout.Dropout(1 - pendingDropout));
            pendingDropout = 0;
        }
        return layer;
    }

    /** The main path, then the shortcut, then their sum under the residual's name. */
    private Flow residual(Layer.Residual residual, Flow input) {
        Flow main = sequence(residual.main(), input, residual);
        Flow shortcut =
                residual.shortcut().size() == 1 && residual.shortcut().get(0) instanceof Layer.ZeroPaddedShortcut padded
                        ? zeroPadded(padded, input, main.shape())
                        : sequence(residual.shortcut(), input, residual);
        if (!main.shape().equals(shortcut.shape())) {
            throw new IllegalArgumentException(residual.name() + ": the main path ends in " + main.shape()
                    + ", the shortcut in " + shortcut.shape() + "; a sum needs one shape");
        }
        graph.addVertex(residual.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), main.name(), shortcut.name());
        shapes.put(residual.name(), main.shape());
        return new Flow(residual.name(), main.shape());
    }

    /** Every stride-th pixel ({@code name/subsample}), then zero channels ({@code name/zeros}) to the main's count. */
    private Flow zeroPadded(Layer.ZeroPaddedShortcut shortcut, Flow input, Shape target) {
        Shape in = image(shortcut, input);
        int stride = target.isImage() ? subsamplingStride(in, target) : 0;
        if (stride == 0 || target.channels() % in.channels() != 0) {
            throw new IllegalArgumentException(shortcut.name() + ": cannot subsample and zero-pad " + in + " to "
                    + target + " (the channels must grow by a whole factor, the size shrink by one)");
        }
        String subsample = shortcut.name() + "/subsample";
        graph.addLayer(
                subsample,
                new SubsamplingLayer.Builder(
                                SubsamplingLayer.PoolingType.MAX, new int[] {1, 1}, new int[] {stride, stride})
                        .build(),
                input.name());
        graph.addVertex(shortcut.name() + "/zeros", new ScaleVertex(0), subsample);
        String[] parts = new String[target.channels() / in.channels()];
        parts[0] = subsample;
        for (int i = 1; i < parts.length; i++) {
            parts[i] = shortcut.name() + "/zeros";
        }
        String pad = shortcut.name() + "/pad";
        graph.addVertex(pad, new MergeVertex(), parts);
        inputs.put(shortcut.name(), in);
        shapes.put(shortcut.name(), target);
        return new Flow(pad, target);
    }

    /**
     * The stride at which taking every stride-th pixel of {@code in} (from the first) gives {@code out}'s size, as a
     * strided convolution does: ⌈in/out⌉; 0 where none does.
     */
    static int subsamplingStride(Shape in, Shape out) {
        int stride = (in.height() + out.height() - 1) / out.height();
        boolean fits = (in.height() - 1) / stride + 1 == out.height() && (in.width() - 1) / stride + 1 == out.width();
        return fits ? stride : 0;
    }

    private Flow add(Layer layer, org.deeplearning4j.nn.conf.layers.Layer dl4j, Flow input, Shape out) {
        graph.addLayer(layer.name(), dl4j, input.name());
        inputs.put(layer.name(), input.shape());
        shapes.put(layer.name(), out);
        return new Flow(layer.name(), out);
    }

    private static Shape image(Layer layer, Flow input) {
        if (!input.shape().isImage()) {
            throw new IllegalArgumentException(
                    layer.name() + ": needs an image, but its input (" + input.name() + ") is " + input.shape());
        }
        return input.shape();
    }
}
