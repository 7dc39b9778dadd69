package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;

/**
 * Buffers that the plans of one {@link PlanCache} share: the i-th tensor each plan places lands in the i-th buffer,
 * which grows when a plan needs more. Plans for other batch shapes (an epoch's smaller last batch, ESAM's sharpest
 * examples) then cost no memory of their own beside their primitives, and a new one writes into memory already mapped
 * instead of faulting in fresh pages (which made each change of shape cost 0.2-0.45 s on ResNet-20 here). Sharing is
 * sound because a plan keeps nothing between passes: each forward pass rewrites every tensor its backward pass reads.
 */
final class Arena implements AutoCloseable {

    private final List<dnnl_memory> buffers = new ArrayList<>();
    private final List<Long> capacities = new ArrayList<>();
    /** Outgrown buffers, which older plans still point at until the arena closes. */
    private final List<dnnl_memory> outgrown = new ArrayList<>();

    private int next;

    /** Places the tensors of the next plan from the first buffer on. */
    void startPlan() {
        next = 0;
    }

    /** A tensor of {@code layout} in the next buffer; the caller destroys the tensor, the arena keeps the buffer. */
    dnnl_memory place(dnnl_memory_desc_t layout) {
        long bytes = dnnl_memory_desc_get_size(layout);
        if (next == buffers.size()) {
            buffers.add(null);
            capacities.add(0L);
        }
        if (capacities.get(next) < bytes) {
            if (buffers.get(next) != null) {
                outgrown.add(buffers.get(next));
            }
            buffers.set(next, Dnnl.allocate(Dnnl.desc(dnnl_x, (bytes + Float.BYTES - 1) / Float.BYTES)));
            capacities.set(next, bytes);
        }
        return Dnnl.within(layout, buffers.get(next++));
    }

    @Override
    public void close() {
        buffers.forEach(buffer -> dnnl_memory_destroy(buffer));
        outgrown.forEach(buffer -> dnnl_memory_destroy(buffer));
        buffers.clear();
        capacities.clear();
        outgrown.clear();
    }
}
