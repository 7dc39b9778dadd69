package dev.samlab.models.onednn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Primitives and tensors made for an input shape, kept for the last few shapes and freed as they drop out. */
final class PlanCache<P extends PlanCache.Plan> {

    /** What a cache holds: native objects, freed by {@link #close()}. */
    interface Plan {
        void close();
    }

    private final Function<long[], P> factory;
    private final Map<List<Long>, P> plans;

    /** Keeps {@code capacity} plans, the least recently used closed and dropped first. */
    PlanCache(int capacity, Function<long[], P> factory) {
        this.factory = factory;
        this.plans = new LinkedHashMap<>(capacity + 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Long>, P> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                eldest.getValue().close();
                return true;
            }
        };
    }

    /** The plan for {@code shape}, made if it is not kept. */
    P forShape(long[] shape) {
        return plans.computeIfAbsent(Arrays.stream(shape).boxed().toList(), key -> factory.apply(shape));
    }

    void close() {
        plans.values().forEach(Plan::close);
        plans.clear();
    }
}
