package dev.samlab.models.net;

import dev.samlab.api.InvalidConfigException;
import java.util.Locale;

/** The number type of a network's parameters and passes. */
public enum Precision {
    /** float32: what training runs in, on the fast path where the layers allow it. */
    FLOAT,
    /** float64, on DL4J's path: for gradient checks against finite differences. */
    DOUBLE;

    /**
     * The precision a config names, {@code float} or {@code double}.
     *
     * @param field the config key, named in the error
     */
    public static Precision of(String value, String field) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "float" -> FLOAT;
            case "double" -> DOUBLE;
            default -> throw new InvalidConfigException(field, "expected 'float' or 'double', got '" + value + "'");
        };
    }
}
