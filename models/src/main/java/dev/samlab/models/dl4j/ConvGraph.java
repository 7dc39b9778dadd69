package dev.samlab.models.dl4j;

import dev.samlab.api.model.ModelContext;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A DL4J graph of the layers the CIFAR networks are made of, from the input {@code image} to a softmax {@code output}:
 * bias-free convolutions that keep the size (but for their stride), batch norm, ReLU. Each method adds
 * one layer under the given name and returns that name, the next layer's input. SamLab's optimizers update the
 * parameters, never DL4J's updater.
 */
public final class ConvGraph {

    private final GraphBuilder graph;

    private ConvGraph(GraphBuilder graph) {
        this.graph = graph;
    }

    /**
     * @param precision {@code float} or {@code double} (for gradient checks)
     * @param init      {@code he}: normal with variance 2/fan-in; {@code pytorch}: uniform in ±1/√fan-in
     */
    public static ConvGraph start(ModelContext context, String precision, String init) {
        return new ConvGraph(new NeuralNetConfiguration.Builder()
                .seed(context.seed())
                .dataType(precision.equals("double") ? DataType.DOUBLE : DataType.FLOAT)
                .weightInit(init.equals("pytorch") ? WeightInit.UNIFORM : WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .updater(new NoOp())
                .cacheMode(CacheMode.DEVICE) // backprop reuses each convolution's forward output, not a recomputation
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(
                        context.input().height(),
                        context.input().width(),
                        context.input().channels())));
    }

    /** A k×k convolution padded by k/2. */
    public String conv(String name, String input, int kernel, int out, int stride) {
        return conv(name, input, kernel, out, stride, 0);
    }

    /**
     * A convolution whose input is dropped out in training with probability {@code dropout} (the survivors scaled
     * by 1/(1 − dropout)), as in wide residual networks.
     */
    public String conv(String name, String input, int kernel, int out, int stride, double dropout) {
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(kernel / 2, kernel / 2)
                .nOut(out)
                .hasBias(false)
                .activation(Activation.IDENTITY);
        if (dropout > 0) {
            conv.dropOut(new Dropout(1 - dropout)); // DL4J's argument is the probability of keeping an input
        }
        graph.addLayer(name, conv.build(), input);
        return name;
    }

    public String batchNorm(String name, String input) {
        graph.addLayer(name, new BatchNormalization.Builder().build(), input);
        return name;
    }

    public String relu(String name, String input) {
        graph.addLayer(name, new ActivationLayer(Activation.RELU), input);
        return name;
    }

    /** For the vertices that are no layer: sums, concatenations, scaling. */
    public GraphBuilder vertices() {
        return graph;
    }

    /**
     * Global average pooling of {@code features} ({@code pool}), a dense softmax layer ({@code output}), and the
     * initialised network, if its parameters fit in memory.
     *
     * @param sizeField the config key that sizes the network, named when it does not fit
     */
    public ComputationGraph finish(String features, int classes, String sizeField) {
        graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), features);
        graph.addLayer(
                "output",
                new OutputLayer.Builder(LossFunction.MCXENT)
                        .nOut(classes)
                        .activation(Activation.SOFTMAX)
                        .build(),
                "pool");
        return ParameterBudget.initialise(graph.setOutputs("output").build(), sizeField);
    }
}
