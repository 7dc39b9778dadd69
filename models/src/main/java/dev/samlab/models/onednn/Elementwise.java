package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static dev.samlab.models.onednn.Step.argument;
import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.List;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/** The element-wise steps: sums (a residual sum with its ReLU, or two gradients added), ReLU and its gradient. */
final class Elementwise {

    /**
     * oneDNN 2.5's JIT binary kernel, passed over for a sum with its ReLU on a padded layout: on AVX2, with 4
     * channels in blocks of 8, it gave wrong sums (a network's loss 1.99 for 2.32; NetworkPathsTest), where the same
     * sum without the ReLU was right.
     */
    private static final String SUM_KERNEL = "jit:uni";

    private Elementwise() {}

    /** {@code a ← a + b}, then ReLU if {@code relu}: a residual sum, or two gradients added. */
    static Step addInto(
            String name,
            dnnl_memory_desc_t aLayout,
            dnnl_memory a,
            dnnl_memory_desc_t bLayout,
            dnnl_memory b,
            boolean relu) {
        return sum(name, aLayout, a, bLayout, b, a, relu);
    }

    /** {@code sum ← a + b} (laid out as {@code a}), then ReLU if {@code relu}. */
    static Step sum(
            String name,
            dnnl_memory_desc_t aLayout,
            dnnl_memory a,
            dnnl_memory_desc_t bLayout,
            dnnl_memory b,
            dnnl_memory sum,
            boolean relu) {
        dnnl_binary_desc_t op = new dnnl_binary_desc_t();
        check(dnnl_binary_desc_init(op, dnnl_binary_add, aLayout, bLayout, aLayout), "describing " + name);
        dnnl_primitive_desc descriptor = Dnnl.primitiveDesc(
                op, false, relu, relu && Dnnl.padded(aLayout) ? List.of(SUM_KERNEL) : List.of(), "choosing " + name);
        return new Step(
                name,
                descriptor,
                argument(DNNL_ARG_SRC_0, a),
                argument(DNNL_ARG_SRC_1, b),
                argument(DNNL_ARG_DST, sum));
    }

    /** {@code output ← max(input, 0)}. */
    static Step relu(String name, int propagation, dnnl_memory_desc_t layout, dnnl_memory input, dnnl_memory output) {
        dnnl_primitive_desc descriptor =
                Dnnl.primitiveDesc(reluOp(name, propagation, layout), null, "choosing " + name);
        return new Step(name, descriptor, argument(DNNL_ARG_SRC, input), argument(DNNL_ARG_DST, output));
    }

    /**
     * {@code inputGradient ← gradient · [output > 0]}: back through a ReLU, from the ReLU's output; the two
     * gradients may be one tensor.
     */
    static Step reluGradient(
            String name,
            dnnl_memory_desc_t layout,
            dnnl_memory output,
            dnnl_memory gradient,
            dnnl_memory inputGradient) {
        dnnl_primitive_desc hint =
                Dnnl.primitiveDesc(reluOp(name, dnnl_forward_training, layout), null, "choosing " + name);
        dnnl_eltwise_desc_t backwardOp = new dnnl_eltwise_desc_t();
        check(
                dnnl_eltwise_backward_desc_init(backwardOp, dnnl_eltwise_relu_use_dst_for_bwd, layout, layout, 0f, 0f),
                "describing the gradient of " + name);
        dnnl_primitive_desc descriptor = Dnnl.primitiveDesc(backwardOp, null, hint, "choosing the gradient of " + name);
        Step step = new Step(
                "the gradient of " + name,
                descriptor,
                argument(DNNL_ARG_DST, output),
                argument(DNNL_ARG_DIFF_DST, gradient),
                argument(DNNL_ARG_DIFF_SRC, inputGradient));
        dnnl_primitive_desc_destroy(hint); // only once the primitive it hinted exists
        return step;
    }

    private static dnnl_eltwise_desc_t reluOp(String name, int propagation, dnnl_memory_desc_t layout) {
        dnnl_eltwise_desc_t op = new dnnl_eltwise_desc_t();
        check(
                dnnl_eltwise_forward_desc_init(op, propagation, dnnl_eltwise_relu_use_dst_for_bwd, layout, 0f, 0f),
                "describing " + name);
        return op;
    }
}
