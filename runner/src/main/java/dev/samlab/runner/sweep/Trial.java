package dev.samlab.runner.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of a sweep: its index in the sweep's list (what {@code --trial} and a Slurm array task take), each swept
 * key's value as folder names show it, in the sweep file's order, and the {@code key=value} assignments that turn the
 * base config into it (the sweep's fixed ones first).
 */
public record Trial(int index, Map<String, String> values, List<String> overrides) {

    static final String SEED = "seed";

    public Trial {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        overrides = List.copyOf(overrides);
    }

    /** Its folder's name, made of its values: {@code optimizer.rho=0.05,seed=1}. */
    public String name() {
        return join(values);
    }

    /** Its values but the seed: the trials that share them are one configuration over several seeds. */
    public String configuration() {
        Map<String, String> withoutSeed = new LinkedHashMap<>(values);
        withoutSeed.remove(SEED);
        return withoutSeed.isEmpty() ? "all" : join(withoutSeed);
    }

    private static String join(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
