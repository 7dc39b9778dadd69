package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static dev.samlab.models.onednn.Step.argument;
import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
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
    /** The layout its input comes in. */
    private final dnnl_memory_desc_t incoming;
    /**
     * The layout oneDNN chose for its input, where its fast kernels run (given {@link #incoming}, an 8-channel
     * convolution after a layer that chose 16-channel blocks fell back to oneDNN's reference kernel, 10x slower).
     */
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
     * @param incoming the layout of its input
     * @param inputGradient whether the backward pass computes the gradient of its input (not for the first layer)
     */
    TrainingConv(ConvLayer layer, dnnl_memory_desc_t incoming, long[] inputShape, boolean inputGradient) {
        this.name = layer.name();
        this.incoming = incoming;
        this.weightGradient = layer.weightGradient();
        long[] outputShape = layer.outputShape(inputShape);
        Kernels kernels = Kernels.choose(
                layer, incoming, Dnnl.desc(dnnl_format_tag_any, outputShape), inputGradient, weightGradient != null);
        if (kernels.anyReference()) {
            // the input's layout may suit no fast kernel (8 channels in 16-channel blocks), or the forward kernel's
            // layouts no fast backward kernel (8 channels: NCHW in, 16-channel blocks out); channels-last has all
            // three, at the cost of reordering the input
            Kernels channelsLast = Kernels.choose(
                    layer,
                    Dnnl.desc(dnnl_nhwc, inputShape),
                    Dnnl.desc(dnnl_nhwc, outputShape),
                    inputGradient,
                    weightGradient != null);
            Kernels worse = channelsLast.anyReference() ? channelsLast : kernels;
            kernels = worse == kernels ? channelsLast : kernels;
            worse.destroy();
        }
        forwardDescriptor = kernels.forward();
        dataDescriptor = kernels.data();
        weightsDescriptor = kernels.weights();
        source = kernels.source();
        destination = kernels.destination();
        long[] shape = layer.weights().shape();
        plain = Dnnl.desc(dnnl_oihw, shape);
        plainWeights = Dnnl.over(plain, layer.weights());
        owned.add(plainWeights);
    }

    /** The three primitives of a convolution in training, chosen together, and the layouts they read and write. */
    private record Kernels(
            dnnl_primitive_desc forward,
            dnnl_primitive_desc data,
            dnnl_primitive_desc weights,
            dnnl_memory_desc_t source,
            dnnl_memory_desc_t destination) {

        /** The name of oneDNN's kernels for 1x1 convolutions. */
        private static final String POINTWISE_KERNEL = "jit_1x1";

        /** @param input, output the activations' layouts ({@code dnnl_format_tag_any}: oneDNN's choice) */
        static Kernels choose(
                ConvLayer layer,
                dnnl_memory_desc_t input,
                dnnl_memory_desc_t output,
                boolean inputGradient,
                boolean weightGradient) {
            String name = layer.name();
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
                            input,
                            anyWeights,
                            null,
                            output,
                            strides,
                            padding,
                            padding),
                    "describing " + name);
            dnnl_primitive_desc forward = Dnnl.primitiveDesc(forwardOp, null, "choosing a convolution for " + name);
            dnnl_memory_desc_t source = Dnnl.chosen(forward, dnnl_query_src_md);
            dnnl_memory_desc_t destination = Dnnl.chosen(forward, dnnl_query_dst_md);
            dnnl_primitive_desc data = null;
            if (inputGradient) {
                dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
                check(
                        dnnl_convolution_backward_data_desc_init(
                                op,
                                dnnl_convolution_direct,
                                source,
                                anyWeights,
                                destination,
                                strides,
                                padding,
                                padding),
                        "describing the input gradient of " + name);
                data = Dnnl.primitiveDesc(op, null, forward, "choosing the input gradient of " + name);
            }
            dnnl_primitive_desc weights = null;
            if (weightGradient) {
                dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
                check(
                        dnnl_convolution_backward_weights_desc_init(
                                op,
                                dnnl_convolution_direct,
                                source,
                                anyWeights,
                                null,
                                destination,
                                strides,
                                padding,
                                padding),
                        "describing the weight gradient of " + name);
                String what = "choosing the weight gradient of " + name;
                weights = Dnnl.primitiveDescAvoiding(
                        stridedPointwiseOnFewChannels(shape, layer.stride()) ? List.of(POINTWISE_KERNEL) : List.of(),
                        op,
                        null,
                        forward,
                        what);
            }
            return new Kernels(forward, data, weights, source, destination);
        }

        /**
         * Whether this is a 1x1 convolution with a stride whose input channels do not fill 16-channel blocks: oneDNN
         * 2.5's 1x1 weight-gradient kernel then writes past the end of its scratch buffer when the batch is small
         * and odd (5, 7 or 9 examples of 2-8 channels here), corrupting the native heap.
         */
        private static boolean stridedPointwiseOnFewChannels(long[] weightShape, int stride) {
            return weightShape[2] == 1 && weightShape[3] == 1 && stride > 1 && weightShape[1] % 16 != 0;
        }

        /** Whether any of them is oneDNN's reference kernel, an order of magnitude slower than its others. */
        boolean anyReference() {
            return Stream.of(forward, data, weights)
                    .filter(Objects::nonNull)
                    .anyMatch(descriptor -> Dnnl.implementation(descriptor).startsWith("ref"));
        }

        void destroy() {
            Stream.of(forward, data, weights).filter(Objects::nonNull).forEach(d -> dnnl_primitive_desc_destroy(d));
        }
    }

    /** The layout of its output, which oneDNN chose. */
    dnnl_memory_desc_t destination() {
        return destination;
    }

    /**
     * Fixes the tensors it reads and writes; once, before the first pass.
     *
     * @param givenGradient where the input's gradient goes, in the input's layout; ignored without one
     * @param destinationGradient the gradient of its output, which the backward pass reads
     */
    void bind(dnnl_memory given, dnnl_memory output, dnnl_memory givenGradient, dnnl_memory destinationGradient) {
        dnnl_memory_desc_t forwardLayout = Dnnl.chosen(forwardDescriptor, dnnl_query_weights_md);
        dnnl_memory forwardWeights = weightsIn(forwardLayout, forward);
        boolean converts = !Dnnl.same(source, incoming);
        dnnl_memory input = converts ? own(source) : given;
        if (converts) {
            forward.add(Dnnl.reorder("the reorder of " + name + "'s input", incoming, given, source, input));
        }
        dnnl_memory sourceGradient = converts && givenGradient != null ? own(source) : givenGradient;
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
            if (sourceGradient != givenGradient) {
                backward.add(Dnnl.reorder(
                        "the reorder of " + name + "'s input gradient",
                        source,
                        sourceGradient,
                        incoming,
                        givenGradient));
            }
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
