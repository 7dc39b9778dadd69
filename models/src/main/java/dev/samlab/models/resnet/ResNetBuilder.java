package dev.samlab.models.resnet;

import dev.samlab.api.model.ModelContext;
import dev.samlab.models.dl4j.ParameterBudget;
import dev.samlab.models.onednn.ResidualNetwork;
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
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
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
 * Builds a CIFAR ResNet as a DL4J ComputationGraph: 3x3 conv (width) with batch norm and ReLU, three stages of n
 * basic blocks (width, 2·width, 4·width channels; stride 2 at the start of stages 2 and 3), global average pooling,
 * a dense softmax layer. Convolutions have no bias; weights are He-initialised.
 */
final class ResNetBuilder {

    private final ResNetConfig config;
    private GraphBuilder graph;

    ResNetBuilder(ResNetConfig config) {
        this.config = config;
    }

    ComputationGraph build(ModelContext context) {
        graph = new NeuralNetConfiguration.Builder()
                .seed(context.seed())
                .dataType(config.precision().equals("double") ? DataType.DOUBLE : DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .updater(new NoOp()) // SamLab's optimizers update the parameters, never DL4J's updater
                .cacheMode(
                        CacheMode.DEVICE) // backprop reuses each convolution's forward output instead of recomputing it
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(
                        context.input().height(),
                        context.input().width(),
                        context.input().channels()));
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
        graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous);
        graph.addLayer(
                "output",
                new OutputLayer.Builder(LossFunction.MCXENT)
                        .nOut(context.classes())
                        .activation(Activation.SOFTMAX)
                        .build(),
                "pool");
        return ParameterBudget.initialise(graph.setOutputs("output").build(), "width");
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
        graph.addVertex(name + "/add", new ElementWiseVertex(ElementWiseVertex.Op.Add), residual, shortcut);
        graph.addLayer(name + "/relu", new ActivationLayer(Activation.RELU), name + "/add");
        return name + "/relu";
    }

    private String shortcut(String name, String input, int in, int out, int stride) {
        if (config.shortcut().equals("B")) {
            graph.addLayer(
                    name + "/conv",
                    new ConvolutionLayer.Builder(1, 1)
                            .stride(stride, stride)
                            .nOut(out)
                            .hasBias(false)
                            .activation(Activation.IDENTITY)
                            .build(),
                    input);
            graph.addLayer(name + "/bn", new BatchNormalization.Builder().build(), name + "/conv");
            return name + "/bn";
        }
        // option A: every second pixel, then as many all-zero channels as needed
        graph.addLayer(
                name + "/subsample",
                new SubsamplingLayer.Builder(
                                SubsamplingLayer.PoolingType.MAX, new int[] {1, 1}, new int[] {stride, stride})
                        .build(),
                input);
        graph.addVertex(name + "/zeros", new ScaleVertex(0), name + "/subsample");
        String[] parts = new String[out / in];
        parts[0] = name + "/subsample";
        for (int i = 1; i < parts.length; i++) {
            parts[i] = name + "/zeros";
        }
        graph.addVertex(name + "/pad", new MergeVertex(), parts);
        return name + "/pad";
    }

    private String convBnRelu(String name, String input, int out, int stride) {
        graph.addLayer(name + "/relu", new ActivationLayer(Activation.RELU), convBn(name, input, out, stride));
        return name + "/relu";
    }

    private String convBn(String name, String input, int out, int stride) {
        graph.addLayer(
                name + "/conv",
                new ConvolutionLayer.Builder(3, 3)
                        .stride(stride, stride)
                        .padding(1, 1)
                        .nOut(out)
                        .hasBias(false)
                        .activation(Activation.IDENTITY)
                        .build(),
                input);
        graph.addLayer(name + "/bn", new BatchNormalization.Builder().build(), name + "/conv");
        return name + "/bn";
    }
}
