package dev.samlab.models.resnet;

import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelConfig;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;

/** {@code model: { name: resnet20 }}: ResNet-20, the project's reference model; {@code resnet} for other depths. */
public final class ResNet20Provider implements ModelProvider<ResNet20Provider.Config> {

    /** ResNet-20's options: those of {@link ResNetConfig} but the depth. */
    public record Config(String shortcut, Integer width, String precision, String init) implements ModelConfig {
        public Config {
            ResNetConfig full = new ResNetConfig(20, shortcut, width, precision, init);
            shortcut = full.shortcut();
            width = full.width();
            precision = full.precision();
            init = full.init();
        }
    }

    @Override
    public String name() {
        return "resnet20";
    }

    @Override
    public String description() {
        return "ResNet-20 of He et al. 2015: 269,722 parameters with shortcut A on 10 classes";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Model create(Config config, ModelContext context) {
        return new ResNetProvider()
                .create(
                        new ResNetConfig(20, config.shortcut(), config.width(), config.precision(), config.init()),
                        context);
    }
}
