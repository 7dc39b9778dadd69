package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static dev.samlab.models.onednn.Step.argument;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;

/**
 * A convolution with the batch norm after it folded in, for inference: weights γ/σ·W and bias β − γμ/σ, then
 * optionally "add what the destination holds" (a residual sum) and ReLU, all in one oneDNN primitive that reads and
 * writes activations in the layout oneDNN chooses. {@link #refresh()} re-folds the current parameters.
 */
final class FoldedConv implements AutoCloseable {

    private final String name;
    private final ConvLayer layer;
    private final ChannelAffine normalization;
    private final dnnl_primitive_desc descriptor;
    private final dnnl_memory_desc_t destination;
    /** The layer's weights, then the folded ones, in its own OIHW layout (the reorder makes oneDNN's of them). */
    private final float[] values;

    private final dnnl_memory plainWeights;
    private final FloatPointer plainValues;
    private final dnnl_memory weights;
    private final Step reorder;
    private final dnnl_memory bias;
    private final FloatPointer biasValues;
    private Step convolution;
    /** The layout its input comes in, and the one oneDNN chose for it (where its fast kernels run). */
    private final dnnl_memory_desc_t incoming;

    private final dnnl_memory_desc_t source;
    /** The input in {@link #source}'s layout, where that differs from {@link #incoming}; else null. */
    private dnnl_memory converted;

    private Step inputReorder;

    /**
     * @param destination where it writes: a layout oneDNN chose before, or {@code dnnl_format_tag_any} to choose
     * @param addToDestination whether it adds its result to what the destination holds (a residual sum)
     */
    FoldedConv(
            ConvLayer layer,
            dnnl_memory_desc_t incoming,
            long[] inputShape,
            dnnl_memory_desc_t destination,
            boolean addToDestination,
            boolean relu) {
        this.name = layer.name();
        this.incoming = incoming;
        this.layer = layer;
        this.normalization = layer.normalization();
        long[] shape = layer.weights().shape();
        long out = shape[0];
        dnnl_convolution_desc_t convolution = new dnnl_convolution_desc_t();
        check(
                dnnl_convolution_forward_desc_init(
                        convolution,
                        dnnl_forward_inference,
                        dnnl_convolution_direct,
                        Dnnl.desc(dnnl_format_tag_any, inputShape),
                        Dnnl.desc(dnnl_format_tag_any, shape),
                        Dnnl.desc(dnnl_x, out),
                        destination,
                        new LongPointer(layer.stride(), layer.stride()),
                        new LongPointer(layer.padding(), layer.padding()),
                        new LongPointer(layer.padding(), layer.padding())),
                "describing " + name);
        this.descriptor = Dnnl.primitiveDesc(convolution, addToDestination, relu, "choosing a convolution for " + name);
        this.destination = Dnnl.chosen(descriptor, dnnl_query_dst_md);
        this.source = Dnnl.chosen(descriptor, dnnl_query_src_md);

        this.values = new float[Math.toIntExact(layer.weights().length())];
        dnnl_memory_desc_t plain = Dnnl.desc(dnnl_oihw, shape);
        dnnl_memory_desc_t wanted = Dnnl.chosen(descriptor, dnnl_query_weights_md);
        this.plainWeights = Dnnl.allocate(plain);
        this.plainValues = Dnnl.valuesOf(plainWeights, values.length);
        if (Dnnl.same(plain, wanted)) {
            this.weights = plainWeights;
            this.reorder = null;
        } else {
            this.weights = Dnnl.allocate(wanted);
            this.reorder = Dnnl.reorder("the reorder of " + name + "'s weights", plain, plainWeights, wanted, weights);
        }
        this.bias = Dnnl.allocate(Dnnl.desc(dnnl_x, out));
        this.biasValues = Dnnl.valuesOf(bias, (int) out);
    }

    /** The layout it writes. */
    dnnl_memory_desc_t destination() {
        return destination;
    }

    /** Fixes the tensors it reads and writes; once, before the first {@link #run()}. */
    void bind(dnnl_memory input, dnnl_memory target) {
        if (!Dnnl.same(source, incoming)) {
            converted = Dnnl.allocate(source);
            inputReorder = Dnnl.reorder("the reorder of " + name + "'s input", incoming, input, source, converted);
        }
        convolution = new Step(
                name,
                descriptor,
                argument(DNNL_ARG_SRC, converted != null ? converted : input),
                argument(DNNL_ARG_WEIGHTS, weights),
                argument(DNNL_ARG_BIAS, bias),
                argument(DNNL_ARG_DST, target));
    }

    /** Folds the layer's current weights and batch norm into the primitive's weights and bias. */
    void refresh() {
        ChannelAffine.Folding folding = normalization.folding();
        Dnnl.read(layer.weights(), values);
        float[] scale = folding.scale();
        int perChannel = values.length / scale.length;
        for (int i = 0; i < values.length; i++) {
            values[i] *= scale[i / perChannel];
        }
        plainValues.put(values);
        if (reorder != null) {
            reorder.run();
        }
        biasValues.put(folding.shift());
    }

    void run() {
        if (inputReorder != null) {
            inputReorder.run();
        }
        convolution.run();
    }

    @Override
    public void close() {
        if (convolution != null) {
            convolution.close();
        } else {
            dnnl_primitive_desc_destroy(descriptor);
        }
        if (reorder != null) {
            reorder.close();
            dnnl_memory_destroy(weights);
        }
        dnnl_memory_destroy(plainWeights);
        if (converted != null) {
            inputReorder.close();
            dnnl_memory_destroy(converted);
        }
        dnnl_memory_destroy(bias);
    }
}
