package dev.samlab.api.data;

import java.io.IOException;
import java.util.List;

/** An image classification dataset with a training and a test split. */
public interface Dataset {

    /** One name per class, in label order. */
    List<String> classNames();

    ImageShape shape();

    /** Reads (or generates) a split; throws with the file and the problem named when the data is unusable. */
    LabeledImages load(Split split) throws IOException;

    /** The training-time augmentation this dataset's config asks for. */
    Augmentation augmentation();
}
