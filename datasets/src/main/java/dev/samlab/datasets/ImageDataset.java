package dev.samlab.datasets;

import dev.samlab.api.data.Augmentation;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.data.LabeledImages;
import dev.samlab.api.data.Split;
import java.io.IOException;
import java.util.List;

/** A {@link Dataset} assembled from its fixed facts and a function that reads or generates a split. */
public record ImageDataset(List<String> classNames, ImageShape shape, Augmentation augmentation, SplitSource source)
        implements Dataset {

    /** Reads or generates one split. */
    @FunctionalInterface
    public interface SplitSource {
        LabeledImages load(Split split) throws IOException;
    }

    public ImageDataset {
        classNames = List.copyOf(classNames);
    }

    @Override
    public LabeledImages load(Split split) throws IOException {
        return source.load(split);
    }
}
