package dev.samlab.models.mlp;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.model.ModelConfig;
import java.util.List;

/**
 * A multi-layer perceptron on the flattened image: quick to train, for trying optimizers out and for tests.
 *
 * @param hidden    widths of the hidden layers (default [256]); an empty list gives a linear (softmax
 *                  regression) model
 * @param batchNorm batch normalization after each hidden layer, before its ReLU (default false)
 * @param precision {@code float} (default) or {@code double}, for gradient checks
 */
public record MlpConfig(List<Integer> hidden, Boolean batchNorm, String precision) implements ModelConfig {

    public MlpConfig {
        hidden = hidden == null ? List.of(256) : List.copyOf(hidden);
        batchNorm = batchNorm != null && batchNorm;
        precision = precision == null ? "float" : precision;
        for (int i = 0; i < hidden.size(); i++) {
            check(hidden.get(i) > 0, "hidden[" + i + "]", "a layer width must be > 0, got " + hidden.get(i));
        }
        check(
                precision.equals("float") || precision.equals("double"),
                "precision",
                "expected 'float' or 'double', got '" + precision + "'");
    }
}
