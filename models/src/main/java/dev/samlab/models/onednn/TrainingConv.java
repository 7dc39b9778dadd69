package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static dev.samlab.models.onednn.Step.argument;
import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.LongPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A bias-free convolution for training: the forward pass, and backward the gradient of its input (where something
 * uses it) and of its weights (where they are trained), the latter written straight into the parameter's gradient
 * view. Weights are read from the live parameter view at every pass, reordered into the layout each primitive wants.
 */
final class TrainingConv implements AutoCloseable {

    private final String name;
    private final dnnl_memory_desc_t source;
    private final dnnl_memory_desc_t destination;
    private final dnnl_primitive_desc forwardDescriptor;
    private final dnnl_primitive_desc dataDescriptor;
    private final dnnl_primitive_desc weightsDescriptor;

    private final dnnl_memory_desc_t plain;
    private final dnnl_memory plainWeights;
    private final INDArray weightGradient;
    private final List<dnnl_memory> owned = new ArrayList<>();
    private final List<Step> forward = new ArrayList<>();
    private final List<Step> backward = new ArrayList<>();

    /**
     * @param source the layout of its input
     * @param inputGradient whether the backward pass computes the gradient of its input (not for the first layer)
     */
    TrainingConv(ConvLayer layer, dnnl_memory_desc_t source, long[] inputShape, boolean inputGradient) {
        this.name = layer.name();
        this.source = source;
        long[] shape = layer.weights().shape();
        LongPointer strides = new LongPointer(layer.stride(), layer.stride());
        LongPointer padding = new LongPointer(layer.padding(), layer.padding());
        dnnl_memory_desc_t anyWeights = Dnnl.desc(dnnl_format_tag_any, shape);

        dnnl_convolution_desc_t forwardOp = new dnnl_convolution_desc_t();
        check(
                dnnl_convolution_forward_desc_init(
                        forwardOp,
                        dnnl_forward_training,
                        dnnl_convolution_direct,
                        source,
                        anyWeights,
                        null,
                        Dnnl.desc(dnnl_format_tag_any, layer.outputShape(inputShape)),
                        strides,
                        padding,
                        padding),
                "describing " + name);
        forwardDescriptor = Dnnl.primitiveDesc(forwardOp, null, "choosing a convolution for " + name);
        destination = Dnnl.chosen(forwardDescriptor, dnnl_query_dst_md);

        dataDescriptor = inputGradient ? dataGradient(anyWeights, strides, padding) : null;
        weightGradient = layer.weightGradient();
        weightsDescriptor = weightGradient != null ? weightsGradient(anyWeights, strides, padding) : null;

        plain = Dnnl.desc(dnnl_oihw, shape);
        plainWeights = Dnnl.over(plain, layer.weights());
        owned.add(plainWeights);
    }

    private dnnl_primitive_desc dataGradient(dnnl_memory_desc_t anyWeights, LongPointer strides, LongPointer padding) {
        dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
        check(
                dnnl_convolution_backward_data_desc_init(
                        op, dnnl_convolution_direct, source, anyWeights, destination, strides, padding, padding),
                "describing the input gradient of " + name);
        return Dnnl.primitiveDesc(op, null, forwardDescriptor, "choosing the input gradient of " + name);
    }

    private dnnl_primitive_desc weightsGradient(
            dnnl_memory_desc_t anyWeights, LongPointer strides, LongPointer padding) {
        dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
        check(
                dnnl_convolution_backward_weights_desc_init(
                        op, dnnl_convolution_direct, source, anyWeights, null, destination, strides, padding, padding),
                "describing the weight gradient of " + name);
        return Dnnl.primitiveDesc(op, null, forwardDescriptor, "choosing the weight gradient of " + name);
    }

    /** The layout of its output, which oneDNN chose. */
    dnnl_memory_desc_t destination() {
        return destination;
    }

    /**
     * Fixes the tensors it reads and writes; once, before the first pass.
     *
     * @param sourceGradient where the input's gradient goes; ignored without one
     * @param destinationGradient the gradient of its output, which the backward pass reads
     */
    void bind(dnnl_memory input, dnnl_memory output, dnnl_memory sourceGradient, dnnl_memory destinationGradient) {
        dnnl_memory_desc_t forwardLayout = Dnnl.chosen(forwardDescriptor, dnnl_query_weights_md);
        dnnl_memory forwardWeights = weightsIn(forwardLayout, forward);
        forward.add(new Step(
                name,
                forwardDescriptor,
                argument(DNNL_ARG_SRC, input),
                argument(DNNL_ARG_WEIGHTS, forwardWeights),
                argument(DNNL_ARG_DST, output)));
        if (dataDescriptor != null) {
            dnnl_memory_desc_t layout = Dnnl.chosen(dataDescriptor, dnnl_query_weights_md);
            // the forward pass has already put the same values in this layout when both primitives want it
            dnnl_memory weights = Dnnl.same(layout, forwardLayout) ? forwardWeights : weightsIn(layout, backward);
            backward.add(new Step(
                    "the input gradient of " + name,
                    dataDescriptor,
                    argument(DNNL_ARG_DIFF_DST, destinationGradient),
                    argument(DNNL_ARG_WEIGHTS, weights),
                    argument(DNNL_ARG_DIFF_SRC, sourceGradient)));
        }
        if (weightsDescriptor != null) {
            dnnl_memory_desc_t layout = Dnnl.chosen(weightsDescriptor, dnnl_query_diff_weights_md);
            dnnl_memory gradientView = Dnnl.over(plain, weightGradient);
            owned.add(gradientView);
            dnnl_memory gradient = Dnnl.same(layout, plain) ? gradientView : own(layout);
            backward.add(new Step(
                    "the weight gradient of " + name,
                    weightsDescriptor,
                    argument(DNNL_ARG_SRC, input),
                    argument(DNNL_ARG_DIFF_DST, destinationGradient),
                    argument(DNNL_ARG_DIFF_WEIGHTS, gradient)));
            if (gradient != gradientView) {
                backward.add(Dnnl.reorder(
                        "the reorder of " + name + "'s weight gradient", layout, gradient, plain, gradientView));
            }
        }
    }

    /** The weights in {@code layout}: the parameter view itself, or a copy that a reorder in {@code steps} fills. */
    private dnnl_memory weightsIn(dnnl_memory_desc_t layout, List<Step> steps) {
        if (Dnnl.same(layout, plain)) {
            return plainWeights;
        }
        dnnl_memory copy = own(layout);
        steps.add(Dnnl.reorder("the reorder of " + name + "'s weights", plain, plainWeights, layout, copy));
        return copy;
    }

    private dnnl_memory own(dnnl_memory_desc_t layout) {
        dnnl_memory memory = Dnnl.allocate(layout);
        owned.add(memory);
        return memory;
    }

    void forward() {
        forward.forEach(Step::run);
    }

    void backward() {
        backward.forEach(Step::run);
    }

    @Override
    public void close() {
        forward.forEach(Step::close);
        backward.forEach(Step::close);
        owned.forEach(memory -> dnnl_memory_destroy(memory));
    }
}
