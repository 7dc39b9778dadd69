package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_v2_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.LongPointer;

/**
 * Max pooling over {@code size}×{@code size} windows side by side, without padding (DL4J's truncate mode: rows and
 * columns that fill no window are dropped). The output keeps its input's layout family, chosen by oneDNN.
 */
final class MaxPooling {

    private MaxPooling() {}

    static long[] outputShape(long[] input, int size) {
        return new long[] {input[0], input[1], input[2] / size, input[3] / size};
    }

    /** @param propagation {@code dnnl_forward_inference}, or {@code dnnl_forward_training} before a backward pass */
    static dnnl_primitive_desc forward(int propagation, dnnl_memory_desc_t source, long[] dims, int size, String name) {
        dnnl_pooling_v2_desc_t op = new dnnl_pooling_v2_desc_t();
        Dnnl.check(
                dnnl_pooling_v2_forward_desc_init(
                        op,
                        propagation,
                        dnnl_pooling_max,
                        source,
                        Dnnl.desc(dnnl_format_tag_any, outputShape(dims, size)),
                        new LongPointer(size, size),
                        new LongPointer(size, size),
                        new LongPointer(0L, 0L),
                        new LongPointer(0L, 0L),
                        new LongPointer(0L, 0L)),
                "describing " + name);
        return Dnnl.primitiveDesc(op, null, "choosing " + name);
    }

    /** The gradient of its input from that of its output, through the workspace the forward pass kept. */
    static dnnl_primitive_desc backward(
            dnnl_memory_desc_t source,
            dnnl_memory_desc_t destination,
            int size,
            dnnl_primitive_desc forward,
            String name) {
        dnnl_pooling_v2_desc_t op = new dnnl_pooling_v2_desc_t();
        Dnnl.check(
                dnnl_pooling_v2_backward_desc_init(
                        op,
                        dnnl_pooling_max,
                        source,
                        destination,
                        new LongPointer(size, size),
                        new LongPointer(size, size),
                        new LongPointer(0L, 0L),
                        new LongPointer(0L, 0L),
                        new LongPointer(0L, 0L)),
                "describing the gradient of " + name);
        return Dnnl.primitiveDesc(op, null, forward, "choosing the gradient of " + name);
    }
}
