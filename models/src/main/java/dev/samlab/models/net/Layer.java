package dev.samlab.models.net;

import java.util.List;

/**
 * One layer of a {@link Network}: what it computes, not how. Every layer has a name, unique in its network, which
 * names its parameters ({@code <name>/W}, {@code <name>/gamma}, ...) in checkpoints, optimizer state and reports.
 * {@link Network.Builder} names layers for you.
 */
public sealed interface Layer {

    String name();

    /**
     * A convolution over a square window, padded by {@code kernel / 2} on every side, so that only the stride shrinks
     * the image.
     *
     * @param bias whether it adds a learned bias per channel (pointless before batch norm, which shifts each channel)
     */
    record Conv(String name, int channels, int kernel, int stride, boolean bias) implements Layer {
        public Conv {
            positive(name, "channels", channels);
            positive(name, "kernel", kernel);
            positive(name, "stride", stride);
        }
    }

    /** Batch normalization per channel (or per unit after a dense layer), with a learned scale and shift. */
    record BatchNorm(String name) implements Layer {}

    record Relu(String name) implements Layer {}

    /** The largest value of each {@code size}×{@code size} window, windows side by side (stride {@code size}). */
    record MaxPool(String name, int size) implements Layer {
        public MaxPool {
            positive(name, "size", size);
        }
    }

    /**
     * In training, each input of the next layer is zeroed with probability {@code rate} and the survivors scaled by
     * 1/(1 − rate); in inference it passes values through.
     */
    record Dropout(String name, double rate) implements Layer {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException(name + ": dropout rate must be in [0, 1), got " + rate);
            }
        }
    }

    /** A fully connected layer; an image input is flattened first. */
    record Dense(String name, int units, boolean bias) implements Layer {
        public Dense {
            positive(name, "units", units);
        }
    }

    /** The mean of each channel over the whole image: [examples, channels]. */
    record GlobalAveragePooling(String name) implements Layer {}

    /**
     * {@code main(x) + shortcut(x)}: the sum of two paths from one input. An empty {@code shortcut} is the identity;
     * both paths must end in the same shape.
     */
    record Residual(String name, List<Layer> main, List<Layer> shortcut) implements Layer {
        public Residual {
            main = List.copyOf(main);
            shortcut = List.copyOf(shortcut);
            if (main.isEmpty()) {
                throw new IllegalArgumentException(name + ": a residual's main path needs at least one layer");
            }
        }
    }

    /**
     * A shortcut without parameters (option A of He et al. 2015): every {@code stride}-th pixel of the input, then as
     * many all-zero channels as the main path adds. The stride and channels follow from the main path.
     */
    record ZeroPaddedShortcut(String name) implements Layer {}

    private static void positive(String layer, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(layer + ": " + field + " must be positive, got " + value);
        }
    }
}
