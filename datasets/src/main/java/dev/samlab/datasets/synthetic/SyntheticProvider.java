package dev.samlab.datasets.synthetic;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.datasets.ImageDataset;
import java.util.List;
import java.util.stream.IntStream;

/** {@code dataset: { name: synthetic, trainSize: 5000, testSize: 1000 }}: generated, no files needed. */
public final class SyntheticProvider implements DatasetProvider<SyntheticConfig> {

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "generated 32x32 colour images in 10 classes: learnable, not linearly separable, no download";
    }

    @Override
    public Class<SyntheticConfig> configType() {
        return SyntheticConfig.class;
    }

    @Override
    public Dataset create(SyntheticConfig config, DataContext context) {
        SyntheticImages images = new SyntheticImages(config);
        List<String> classNames =
                IntStream.range(0, config.classes()).mapToObj(c -> "class" + c).toList();
        // no augmentation: the generator already shifts images, and a flip would change the class pattern
        return new ImageDataset(classNames, SyntheticImages.SHAPE, Augmentation.NONE, images::generate);
    }
}
