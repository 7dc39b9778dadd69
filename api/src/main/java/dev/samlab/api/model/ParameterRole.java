package dev.samlab.api.model;

import dev.samlab.api.InvalidConfigException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a trainable tensor does in its layer. Optimizers use it to treat kinds differently: ASAM's official
 * code rescales only {@link #WEIGHT}s, and weight decay is often kept off biases and normalization.
 */
public enum ParameterRole {
    /**
     * A convolution kernel, laid out [out, in, kh, kw], or a dense weight matrix, laid out [in, out] (DL4J's layouts,
     * which methods that work per output unit, such as GCSAM's gradient centralization, rely on).
     */
    WEIGHT,
    /** An additive bias of a convolution or dense layer. */
    BIAS,
    /** The scale (gamma) of a normalization layer. */
    NORM_SCALE,
    /** The shift (beta) of a normalization layer. */
    NORM_SHIFT;

    /** The role as config files write it: {@code weight}, {@code norm_scale}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The roles a config key lists, such as {@code [norm_scale, norm_shift]}.
     *
     * @param key the config key, for the error an unknown or missing role raises
     */
    public static Set<ParameterRole> parse(String key, List<String> roles) {
        InvalidConfigException.check(!roles.isEmpty(), key, "lists no roles; expected some of: " + known());
        Set<ParameterRole> parsed = EnumSet.noneOf(ParameterRole.class);
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            int index = i;
            ParameterRole match = Arrays.stream(values())
                    .filter(r -> r.key().equalsIgnoreCase(role))
                    .findFirst()
                    .orElseThrow(() -> new InvalidConfigException(
                            key + "[" + index + "]", "unknown role '" + role + "'; expected some of: " + known()));
            parsed.add(match);
        }
        return parsed;
    }

    private static String known() {
        return Arrays.stream(values()).map(ParameterRole::key).collect(Collectors.joining(", "));
    }
}
