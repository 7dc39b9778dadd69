package dev.samlab.models.resnet;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.model.ModelConfig;
import java.util.Locale;

/**
 * The CIFAR ResNet family of He et al. 2015, section 4.2: 6n+2 layers.
 *
 * @param depth     6n+2: 20 (default), 32, 44, 56, 110, ...
 * @param shortcut  {@code A} (default): identity, subsampled and zero-padded where the shape changes (no extra
 *                  parameters: 269,722 for ResNet-20 on 10 classes); {@code B}: 1x1 projection and batch norm there
 * @param width     channels of the first stage (default 16; the stages have width, 2x and 4x)
 * @param precision {@code float} (default) or {@code double}, for gradient checks
 * @param init      the initial weights of convolutions and the output layer: {@code he} (default; normal, variance
 *                  2/fan-in, as He et al.) or {@code pytorch} (uniform in ±1/√fan-in, PyTorch's default for Conv2d and
 *                  Linear weights; biases start at 0 either way), to match a PyTorch script that keeps its defaults
 */
public record ResNetConfig(Integer depth, String shortcut, Integer width, String precision, String init)
        implements ModelConfig {

    public ResNetConfig {
        depth = depth == null ? 20 : depth;
        shortcut = shortcut == null ? "A" : shortcut.toUpperCase(Locale.ROOT);
        width = width == null ? 16 : width;
        precision = precision == null ? "float" : precision;
        init = init == null ? "he" : init.toLowerCase(Locale.ROOT);
        check(depth >= 8 && (depth - 2) % 6 == 0, "depth", "must be 6n+2 (20, 32, 44, 56, 110), got " + depth);
        check(shortcut.equals("A") || shortcut.equals("B"), "shortcut", "expected 'A' or 'B', got '" + shortcut + "'");
        check(width > 0 && width % 2 == 0, "width", "must be a positive even number, got " + width);
        check(
                precision.equals("float") || precision.equals("double"),
                "precision",
                "expected 'float' or 'double', got '" + precision + "'");
        check(init.equals("he") || init.equals("pytorch"), "init", "expected 'he' or 'pytorch', got '" + init + "'");
    }

    /** Basic blocks per stage. */
    int blocksPerStage() {
        return (depth - 2) / 6;
    }
}
