package dev.samlab.models.wrn;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.model.ModelConfig;

/**
 * The wide residual networks of Zagoruyko and Komodakis 2016 (WRN-depth-widen): pre-activation basic blocks, three
 * groups of (depth − 4)/6 blocks with 16·widen, 32·widen and 64·widen channels.
 *
 * @param depth     6n+4: 16 (default), 22, 28, 40, ...
 * @param widen     the widening factor k (default 8: WRN-16-8, 10,961,370 parameters on 10 classes; WRN-28-10 has
 *                  36,479,194)
 * @param dropout   the probability of dropping each input of a block's second convolution in training (default 0;
 *                  the paper uses 0.3 in places)
 * @param precision {@code float} (default) or {@code double}, for gradient checks
 */
public record WideResNetConfig(Integer depth, Integer widen, Double dropout, String precision) implements ModelConfig {

    public WideResNetConfig {
        depth = depth == null ? 16 : depth;
        widen = widen == null ? 8 : widen;
        dropout = dropout == null ? 0.0 : dropout;
        precision = precision == null ? "float" : precision;
        check(depth >= 10 && (depth - 4) % 6 == 0, "depth", "must be 6n+4 (10, 16, 22, 28, 40), got " + depth);
        check(widen >= 1, "widen", "must be at least 1, got " + widen);
        check(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout);
        check(
                precision.equals("float") || precision.equals("double"),
                "precision",
                "expected 'float' or 'double', got '" + precision + "'");
    }

    /** Blocks per group. */
    int blocksPerGroup() {
        return (depth - 4) / 6;
    }
}
