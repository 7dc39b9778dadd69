package dev.samlab.api.sharpness;

import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.Optimizer;
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
    private static final String BASE = "base/";
    private static final String METHOD = "method/";

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

    /**
     * What a method checkpoints: {@code base}'s state under {@code base/}, these buffers under {@code method/}
     * ({@code method/name/parameter}); live arrays.
     */
    public Map<String, INDArray> withBase(Optimizer base) {
        Map<String, INDArray> all = new LinkedHashMap<>();
        base.state().forEach((key, value) -> all.put(BASE + key, value));
        buffers.forEach((key, value) -> all.put(METHOD + key, value));
        return all;
    }

    /** Restores what {@link #withBase} wrote: {@code base}'s state, and these buffers (copies). */
    public void restoreWithBase(Map<String, INDArray> saved, Optimizer base) {
        Map<String, INDArray> baseState = new LinkedHashMap<>();
        Map<String, INDArray> methodState = new LinkedHashMap<>();
        saved.forEach((key, value) -> {
            if (key.startsWith(BASE)) {
                baseState.put(key.substring(BASE.length()), value);
            } else if (key.startsWith(METHOD)) {
                methodState.put(key.substring(METHOD.length()), value.dup());
            } else {
                throw new IllegalArgumentException(
                        "unknown state entry '" + key + "': expected base/... or method/...");
            }
        });
        base.restoreState(baseState);
        buffers.clear();
        buffers.putAll(methodState);
    }
}
