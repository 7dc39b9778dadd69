package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_v2_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.LongPointer;

/** Global average pooling: one window over each channel's whole [height, width] plane, to [examples, channels, 1, 1]. */
final class GlobalAveragePooling {

    private static final String NAME = "the global average pooling";

    private GlobalAveragePooling() {}

    /** The plain NCHW layout it writes for an input of {@code dims}. */
    static dnnl_memory_desc_t pooledLayout(long[] dims) {
        return Dnnl.desc(dnnl_nchw, dims[0], dims[1], 1, 1);
    }

    /** @param propagation {@code dnnl_forward_inference}, or {@code dnnl_forward_training} before a backward pass */
    static dnnl_primitive_desc forward(int propagation, dnnl_memory_desc_t source, long[] dims) {
        dnnl_pooling_v2_desc_t op = new dnnl_pooling_v2_desc_t();
        LongPointer window = new LongPointer(dims[2], dims[3]);
        LongPointer zeros = new LongPointer(0L, 0L);
        Dnnl.check(
                dnnl_pooling_v2_forward_desc_init(
                        op,
                        propagation,
                        dnnl_pooling_avg_exclude_padding,
                        source,
                        pooledLayout(dims),
                        window,
                        window,
                        zeros,
                        zeros,
                        zeros),
                "describing " + NAME);
        return Dnnl.primitiveDesc(op, null, "choosing " + NAME);
    }

    /** The gradient of its input from that of its output; {@code forward} made with {@code dnnl_forward_training}. */
    static dnnl_primitive_desc backward(dnnl_memory_desc_t source, long[] dims, dnnl_primitive_desc forward) {
        dnnl_pooling_v2_desc_t op = new dnnl_pooling_v2_desc_t();
        LongPointer window = new LongPointer(dims[2], dims[3]);
        LongPointer zeros = new LongPointer(0L, 0L);
        Dnnl.check(
                dnnl_pooling_v2_backward_desc_init(
                        op,
                        dnnl_pooling_avg_exclude_padding,
                        source,
                        pooledLayout(dims),
                        window,
                        window,
                        zeros,
                        zeros,
                        zeros),
                "describing the gradient of " + NAME);
        return Dnnl.primitiveDesc(op, null, forward, "choosing the gradient of " + NAME);
    }
}
