package dev.samlab.api.sharpness;

import dev.samlab.api.model.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A sharpness-aware method's own state: named per-parameter buffers (LookSAM's g_v, a momentum), allocated as
 * zeros at first use and kept across steps. {@link SharpnessAware} checkpoints it beside the base optimizer's
 * state, so a resumed run continues exactly.
 */
public final class MethodState {

    private static final char SEPARATOR = '/';

    private final Map<String, INDArray> buffers = new LinkedHashMap<>();

    /**
     * The buffer {@code name} of {@code parameter}, zeros the first time.
     *
     * @param name a short key without '/', such as {@code "gv"}
     */
    public INDArray buffer(String name, Parameter parameter) {
        if (name.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a state buffer's name may not contain '/': " + name);
        }
        return buffers.computeIfAbsent(
                name + SEPARATOR + parameter.name(),
                key -> parameter.value().ulike().assign(0));
    }

    /** Whether {@link #buffer} has been asked for {@code name} of {@code parameter}, or restored. */
    public boolean has(String name, Parameter parameter) {
        return buffers.containsKey(name + SEPARATOR + parameter.name());
    }

    /** Every buffer, keyed {@code name/parameter}; live arrays. */
    Map<String, INDArray> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    }

    void restore(Map<String, INDArray> state) {
        buffers.clear();
        state.forEach((key, value) -> buffers.put(key, value.dup()));
    }
}
