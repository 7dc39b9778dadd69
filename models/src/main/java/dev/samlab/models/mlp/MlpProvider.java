package dev.samlab.models.mlp;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.dl4j.ParameterBudget;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** {@code model: { name: mlp, hidden: [256], batchNorm: false }} */
public final class MlpProvider implements ModelProvider<MlpConfig> {

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "multi-layer perceptron on flattened images (hidden: [] gives softmax regression)";
    }

    @Override
    public Class<MlpConfig> configType() {
        return MlpConfig.class;
    }

    @Override
    public Model create(MlpConfig config, ModelContext context) {
        GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(context.seed())
                .dataType(config.precision().equals("double") ? DataType.DOUBLE : DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new NoOp()) // SamLab's optimizers update the parameters, never DL4J's updater
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(
                        context.input().height(),
                        context.input().width(),
                        context.input().channels()));
        String previous = "image";
        for (int i = 0; i < config.hidden().size(); i++) {
            String dense = "dense" + i;
            if (config.batchNorm()) {
                builder.addLayer(
                        dense,
                        new DenseLayer.Builder()
                                .nOut(config.hidden().get(i))
                                .activation(Activation.IDENTITY)
                                .hasBias(false)
                                .build(),
                        previous);
                builder.addLayer("bn" + i, new BatchNormalization.Builder().build(), dense);
                builder.addLayer("relu" + i, new ActivationLayer(Activation.RELU), "bn" + i);
                previous = "relu" + i;
            } else {
                builder.addLayer(
                        dense,
                        new DenseLayer.Builder()
                                .nOut(config.hidden().get(i))
                                .activation(Activation.RELU)
                                .build(),
                        previous);
                previous = dense;
            }
        }
        builder.addLayer(
                "output",
                new OutputLayer.Builder(LossFunction.MCXENT)
                        .nOut(context.classes())
                        .activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER)
                        .build(),
                previous);
        return new GraphModel(
                ParameterBudget.initialise(builder.setOutputs("output").build(), "hidden"));
    }
}
