package dev.samlab.models.onednn;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;

/**
 * Tensors a plan reuses: one released when what it held is no longer needed serves the next request for its layout.
 * Plans run their steps in the order they were made, so a tensor released while a plan is made is free from that
 * point of every pass on. New tensors come from the plan's {@link Arena}.
 */
final class BufferPool {

    private final Arena arena;
    private final List<dnnl_memory> owned;
    private final List<dnnl_memory_desc_t> freeLayouts = new ArrayList<>();
    private final List<dnnl_memory> free = new ArrayList<>();

    /** @param owned where the plan keeps the memory objects it destroys when it closes */
    BufferPool(Arena arena, List<dnnl_memory> owned) {
        this.arena = arena;
        this.owned = owned;
    }

    dnnl_memory acquire(dnnl_memory_desc_t layout) {
        for (int i = 0; i < free.size(); i++) {
            if (Dnnl.same(freeLayouts.get(i), layout)) {
                freeLayouts.remove(i);
                return free.remove(i);
            }
        }
        dnnl_memory memory = arena.place(layout);
        owned.add(memory);
        return memory;
    }

    void release(dnnl_memory_desc_t layout, dnnl_memory memory) {
        freeLayouts.add(layout);
        free.add(memory);
    }
}
