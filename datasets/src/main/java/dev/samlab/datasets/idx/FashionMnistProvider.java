package dev.samlab.datasets.idx;

import java.util.List;

/** {@code dataset: { name: fashion-mnist, root: /data/fashion-mnist }} */
public final class FashionMnistProvider extends IdxProvider<FashionMnistConfig> {

    public FashionMnistProvider() {
        super(
                "fashion-mnist",
                "Fashion-MNIST (IDX files): 60,000 training and 10,000 test 28x28 grayscale images of clothing",
                List.of(
                        "T-shirt/top",
                        "Trouser",
                        "Pullover",
                        "Dress",
                        "Coat",
                        "Sandal",
                        "Shirt",
                        "Sneaker",
                        "Bag",
                        "Ankle boot"),
                "from Debian's dataset-fashion-mnist package (`dpkg -L dataset-fashion-mnist` lists where its .gz"
                        + " files are) or https://github.com/zalandoresearch/fashion-mnist",
                FashionMnistConfig.class);
    }
}
