package dev.samlab.models.mlp;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.models.net.Init;
import dev.samlab.models.net.Layer;
import dev.samlab.models.net.Network;
import dev.samlab.models.net.Precision;

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
        return network(config).build(context, Precision.of(config.precision(), "precision"));
    }

    /** Dense layers dense0, dense1, ... each with ReLU (relu0, ...), batch norm between them if asked (bn0, ...). */
    static Network network(MlpConfig config) {
        Network.Builder network = Network.builder().sizedBy("hidden").classifierInit(Init.XAVIER);
        for (int i = 0; i < config.hidden().size(); i++) {
            int units = config.hidden().get(i);
            network.add(new Layer.Dense("dense" + i, units, !config.batchNorm()));
            if (config.batchNorm()) {
                network.add(new Layer.BatchNorm("bn" + i));
            }
            network.add(new Layer.Relu("relu" + i));
        }
        return network.build();
    }
}
