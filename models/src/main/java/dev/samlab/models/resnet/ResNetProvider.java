package dev.samlab.models.resnet;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.models.net.Precision;

/** {@code model: { name: resnet, depth: 56, shortcut: A }}: the CIFAR ResNet family. */
public final class ResNetProvider implements ModelProvider<ResNetConfig> {

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
        return ResNetNetwork.of(config).build(context, Precision.of(config.precision(), "precision"));
    }
}
