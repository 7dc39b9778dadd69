package dev.samlab.models.resnet;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.models.dl4j.GraphModel;
import dev.samlab.models.dl4j.Helpers;
import dev.samlab.models.onednn.ResidualInference;
import dev.samlab.models.onednn.ResidualNetwork;
import dev.samlab.models.onednn.ResidualTraining;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code model: { name: resnet, depth: 56, shortcut: A }}: the CIFAR ResNet family. */
public final class ResNetProvider implements ModelProvider<ResNetConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(ResNetProvider.class);
    private static volatile boolean announced;

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public String description() {
        return "CIFAR ResNet-(6n+2) of He et al. 2015 (depth 20, 32, 44, 56, 110; shortcut A or B)";
    }

    @Override
    public Class<ResNetConfig> configType() {
        return ResNetConfig.class;
    }

    @Override
    public Model create(ResNetConfig config, ModelContext context) {
        Helpers.enable();
        ResNetBuilder builder = new ResNetBuilder(config);
        ComputationGraph graph = builder.build(context);
        if (!ResidualNetwork.supports(graph)) {
            return new GraphModel(graph);
        }
        if (!announced) {
            announced = true;
            LOG.info("ResNet training and inference: oneDNN directly (inference with batch norm folded into the"
                    + " convolutions)");
        }
        ResidualNetwork network = builder.network(graph);
        return new GraphModel(graph, new ResidualInference(network), new ResidualTraining(network));
    }
}
