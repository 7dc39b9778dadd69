package org.example.cnn;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelConfig;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ModelProvider;
import dev.samlab.models.net.Network;
import dev.samlab.models.net.Precision;
import java.util.Objects;

/**
 * A small VGG-style CNN: {@code model: { name: my-cnn, width: 16 }}. Three stages of two 3x3 convolutions with batch
 * norm and ReLU (width, 2·width, 4·width channels), max pooling between stages, global average pooling. Declared
 * with SamLab's model-building API, it trains on the oneDNN path like the built-in ResNets, and takes any image
 * size and channel count (grayscale MNIST as well as CIFAR-10).
 */
public final class MyCnnProvider implements ModelProvider<MyCnnProvider.Config> {

    /**
     * @param width     channels of the first stage (default 16: 6 convolutions of 16-32-64 channels)
     * @param precision {@code float} (default) or {@code double}, for gradient checks
     */
    public record Config(Integer width, String precision) implements ModelConfig {
        public Config {
            width = Objects.requireNonNullElse(width, 16);
            precision = Objects.requireNonNullElse(precision, "float");
            InvalidConfigException.check(width > 0, "width", "must be positive, got " + width);
            Precision.of(precision, "precision"); // refuses anything but float and double, naming the key
        }
    }

    @Override
    public String name() {
        return "my-cnn";
    }

    @Override
    public String description() {
        return "a small VGG-style CNN (6 convolutions, batch norm, max pooling), from the model template";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Model create(Config config, ModelContext context) {
        return network(config.width()).build(context, Precision.of(config.precision(), "precision"));
    }

    static Network network(int width) {
        return Network.builder()
                .sizedBy("width")
                .conv(width, 3).batchNorm().relu()
                .conv(width, 3).batchNorm().relu()
                .maxPool(2)
                .conv(2 * width, 3).batchNorm().relu()
                .conv(2 * width, 3).batchNorm().relu()
                .maxPool(2)
                .conv(4 * width, 3).batchNorm().relu()
                .conv(4 * width, 3).batchNorm().relu()
                .globalAveragePooling()
                .build();
    }
}
