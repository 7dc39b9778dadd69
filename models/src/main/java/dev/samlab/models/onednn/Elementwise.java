package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static dev.samlab.models.onednn.Step.argument;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/** The element-wise steps around a residual sum: the sum (with ReLU) and the ReLU's gradient. */
final class Elementwise {

    private Elementwise() {}

    /** {@code a ← a + b}, then ReLU if {@code relu}: a residual sum, or two gradients added. */
    static Step addInto(
            String name,
            dnnl_memory_desc_t aLayout,
            dnnl_memory a,
            dnnl_memory_desc_t bLayout,
            dnnl_memory b,
            boolean relu) {
        dnnl_binary_desc_t op = new dnnl_binary_desc_t();
        check(dnnl_binary_desc_init(op, dnnl_binary_add, aLayout, bLayout, aLayout), "describing " + name);
        dnnl_primitive_desc descriptor = Dnnl.primitiveDesc(op, false, relu, "choosing " + name);
        return new Step(
                name, descriptor, argument(DNNL_ARG_SRC_0, a), argument(DNNL_ARG_SRC_1, b), argument(DNNL_ARG_DST, a));
    }

    /** {@code gradient ← gradient · [output > 0]}: back through a ReLU, from the ReLU's output. */
    static Step reluGradient(String name, dnnl_memory_desc_t layout, dnnl_memory output, dnnl_memory gradient) {
        dnnl_eltwise_desc_t forwardOp = new dnnl_eltwise_desc_t();
        check(
                dnnl_eltwise_forward_desc_init(
                        forwardOp, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd, layout, 0f, 0f),
                "describing " + name);
        dnnl_primitive_desc hint = Dnnl.primitiveDesc(forwardOp, null, "choosing " + name);
        dnnl_eltwise_desc_t backwardOp = new dnnl_eltwise_desc_t();
        check(
                dnnl_eltwise_backward_desc_init(backwardOp, dnnl_eltwise_relu_use_dst_for_bwd, layout, layout, 0f, 0f),
                "describing the gradient of " + name);
        dnnl_primitive_desc descriptor = Dnnl.primitiveDesc(backwardOp, null, hint, "choosing the gradient of " + name);
        dnnl_primitive_desc_destroy(hint);
        return new Step(
                "the gradient of " + name,
                descriptor,
                argument(DNNL_ARG_DST, output),
                argument(DNNL_ARG_DIFF_DST, gradient),
                argument(DNNL_ARG_DIFF_SRC, gradient));
    }
}
