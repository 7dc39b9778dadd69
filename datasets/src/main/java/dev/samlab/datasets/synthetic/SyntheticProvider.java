package dev.samlab.datasets.synthetic;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetProvider;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
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
        List<String> classNames = IntStream.range(0, config.classes()).mapToObj(c -> "class" + c).toList();
        return new Dataset() {
            @Override
            public List<String> classNames() {
                return classNames;
            }

            @Override
            public ImageShape shape() {
                return SyntheticImages.SHAPE;
            }

            @Override
            public LabeledImages load(Split split) {
                return images.generate(split);
            }

            @Override
            public Augmentation augmentation() {
                return Augmentation.NONE; // the generator already shifts images; a flip would change the pattern
            }
        };
    }
}
