package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.samlab.models.dl4j.Helpers;
import dev.samlab.models.dl4j.Inference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_v2_desc_t;
import org.bytedeco.javacpp.LongPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.LoggerFactory;

/**
 * Inference for a residual network of batch-normalized convolutions (the CIFAR ResNets) straight on oneDNN, computing
 * what the DL4J graph computes in inference mode from the same parameters: each batch norm folded into the
 * convolution before it, ReLU and the residual sum fused into the convolution that produces them, activations kept
 * in the layout oneDNN chooses (channels-last on an AVX-512 machine) from the first convolution to the pooling, and
 * a block's output written over its input. DL4J's path runs every layer separately in NCHW with a layout conversion
 * around each convolution.
 *
 * <p>Primitives are made for each input shape (the last two are kept); parameters are re-folded at every call, so
 * the optimizer's in-place updates are always seen. Not thread-safe, like the DL4J graph it reads.
 */
public final class ResidualInference implements Inference {

    private final List<BlockLayers> blocks;
    private final ConvLayer stem;
    private final INDArray outputWeights;
    private final INDArray outputBias;
    /** Plans by input shape, the least recently used closed and dropped past two. */
    private final Map<List<Long>, Plan> plans = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Long>, Plan> eldest) {
            if (size() <= 2) {
                return false;
            }
            eldest.getValue().close();
            return true;
        }
    };

    private ResidualInference(ConvLayer stem, List<BlockLayers> blocks, Layer output) {
        this.stem = stem;
        this.blocks = List.copyOf(blocks);
        this.outputWeights = output.getParam("W");
        this.outputBias = output.getParam("b");
    }

    /**
     * Whether this path can serve {@code graph}: float32 parameters on ND4J's CPU backend, with oneDNN's native
     * library loadable (it is not in the CUDA build).
     */
    public static boolean supports(ComputationGraph graph) {
        if (graph.params().dataType() != DataType.FLOAT || !Helpers.onCpu()) {
            return false;
        }
        try {
            return Dnnl.Cpu.ENGINE != null;
        } catch (LinkageError e) {
            LoggerFactory.getLogger(ResidualInference.class)
                    .warn("oneDNN's library did not load ({}): predictions take DL4J's slower path", e.toString());
            return false;
        }
    }

    public static Builder builder(ComputationGraph graph) {
        return new Builder(graph);
    }

    @Override
    public INDArray probabilities(INDArray features) {
        INDArray dense =
                features.ordering() == 'c' && Shape.hasDefaultStridesForShape(features) ? features : features.dup('c');
        List<Long> shape = Arrays.stream(dense.shape()).boxed().toList();
        INDArray pooled =
                plans.computeIfAbsent(shape, key -> new Plan(dense.shape())).run(dense);
        INDArray logits = pooled.reshape(pooled.size(0), pooled.size(1)).mmul(outputWeights);
        return Transforms.softmax(logits.addiRowVector(outputBias), false);
    }

    @Override
    public void close() {
        plans.values().forEach(Plan::close);
        plans.clear();
    }

    /** A basic block's two convolutions and its shortcut (null: the identity). */
    private record BlockLayers(ConvLayer first, ConvLayer second, ConvLayer shortcut) {}

    /** Names the layers of the graph in the order they run. */
    public static final class Builder {
        private final ComputationGraph graph;
        private ConvLayer stem;
        private final List<BlockLayers> blocks = new ArrayList<>();

        private Builder(ComputationGraph graph) {
            this.graph = graph;
        }

        /** The first convolution and its batch norm, followed by ReLU. */
        public Builder stem(String conv, String norm) {
            stem = ConvLayer.of(graph, conv, norm);
            return this;
        }

        /**
         * A basic block: conv-bn-ReLU, conv-bn, plus the shortcut, then ReLU. The shortcut is the identity where the
         * shape stays, otherwise every {@code stride}-th pixel with zero channels appended (option A).
         */
        public Builder block(String firstConv, String firstNorm, String secondConv, String secondNorm) {
            ConvLayer first = ConvLayer.of(graph, firstConv, firstNorm);
            ConvLayer second = ConvLayer.of(graph, secondConv, secondNorm);
            long in = first.weights().size(1);
            long out = second.weights().size(0);
            ConvLayer shortcut = first.stride() == 1 && in == out ? null : subsample(first, in, out);
            blocks.add(new BlockLayers(first, second, shortcut));
            return this;
        }

        /** A basic block whose shortcut is a 1x1 convolution with batch norm (option B). */
        public Builder block(
                String firstConv,
                String firstNorm,
                String secondConv,
                String secondNorm,
                String shortcutConv,
                String shortcutNorm) {
            blocks.add(new BlockLayers(
                    ConvLayer.of(graph, firstConv, firstNorm),
                    ConvLayer.of(graph, secondConv, secondNorm),
                    ConvLayer.of(graph, shortcutConv, shortcutNorm)));
            return this;
        }

        /** After the blocks: global average pooling and the softmax layer {@code output}. */
        public ResidualInference head(String output) {
            Layer layer = graph.getLayer(output);
            if (!(layer.conf().getLayer() instanceof OutputLayer config)
                    || !(config.getActivationFn() instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException(output + ": expected a softmax output layer");
            }
            if (stem == null) {
                throw new IllegalStateException("the stem comes first");
            }
            return new ResidualInference(stem, blocks, layer);
        }

        /** Option A's shortcut as a 1x1 convolution: weight 1 from channel c to channel c, 0 elsewhere. */
        private static ConvLayer subsample(ConvLayer first, long in, long out) {
            INDArray weights = Nd4j.zeros(DataType.FLOAT, out, in, 1, 1);
            for (long c = 0; c < in; c++) {
                weights.putScalar(new long[] {c, c, 0, 0}, 1);
            }
            return new ConvLayer(
                    first.name() + " (shortcut)", weights, first.stride(), 0, ChannelAffine.identity((int) out));
        }
    }

    /** The primitives and tensors for one input shape. */
    private final class Plan implements AutoCloseable {
        private final List<FoldedConv> convolutions = new ArrayList<>();
        private final List<dnnl_memory> owned = new ArrayList<>();
        private final List<dnnl_memory_desc_t> scratchLayouts = new ArrayList<>();
        private final List<dnnl_memory> scratch = new ArrayList<>();
        private final dnnl_memory input;
        private final INDArray pooled;
        private final dnnl_memory pooledMemory;
        private final Step pooling;

        Plan(long[] shape) {
            dnnl_memory_desc_t source = Dnnl.desc(dnnl_nchw, shape);
            input = Dnnl.unbound(source);
            owned.add(input);
            FoldedConv first = add(new FoldedConv(stem, source, any(stem, shape), false, true));
            dnnl_memory x = own(first.destination());
            first.bind(input, x);
            dnnl_memory_desc_t layout = first.destination();
            long[] dims = outputShape(stem, shape);
            for (BlockLayers block : blocks) {
                long[] blockDims = outputShape(block.first(), dims);
                FoldedConv a = add(new FoldedConv(block.first(), layout, any(block.first(), dims), false, true));
                dnnl_memory middle = scratch(a.destination());
                a.bind(x, middle);
                if (block.shortcut() == null) {
                    FoldedConv b = add(new FoldedConv(block.second(), a.destination(), layout, true, true));
                    b.bind(middle, x);
                } else {
                    FoldedConv shortcut =
                            new FoldedConv(block.shortcut(), layout, any(block.shortcut(), dims), false, false);
                    add(shortcut);
                    dnnl_memory out = own(shortcut.destination());
                    shortcut.bind(x, out);
                    FoldedConv b =
                            add(new FoldedConv(block.second(), a.destination(), shortcut.destination(), true, true));
                    b.bind(middle, out);
                    x = out;
                    layout = shortcut.destination();
                }
                dims = blockDims;
            }
            pooled = Nd4j.createUninitialized(DataType.FLOAT, dims[0], dims[1], 1, 1);
            dnnl_memory_desc_t pooledLayout = Dnnl.desc(dnnl_nchw, dims[0], dims[1], 1, 1);
            dnnl_pooling_v2_desc_t average = new dnnl_pooling_v2_desc_t();
            Dnnl.check(
                    dnnl_pooling_v2_forward_desc_init(
                            average,
                            dnnl_forward_inference,
                            dnnl_pooling_avg_exclude_padding,
                            layout,
                            pooledLayout,
                            new LongPointer(dims[2], dims[3]),
                            new LongPointer(dims[2], dims[3]),
                            new LongPointer(0L, 0L),
                            new LongPointer(0L, 0L),
                            new LongPointer(0L, 0L)),
                    "describing the global average pooling");
            pooledMemory = Dnnl.over(pooledLayout, pooled);
            owned.add(pooledMemory);
            pooling = new Step(
                    "the global average pooling",
                    Dnnl.primitiveDesc(average, null, "choosing the global average pooling"),
                    Step.argument(DNNL_ARG_SRC, x),
                    Step.argument(DNNL_ARG_DST, pooledMemory));
        }

        /** Runs the network on {@code features}; the pooled features it returns are overwritten by the next run. */
        INDArray run(INDArray features) {
            Dnnl.pointAt(input, features);
            for (FoldedConv convolution : convolutions) {
                convolution.refresh();
            }
            for (FoldedConv convolution : convolutions) {
                convolution.run();
            }
            pooling.run();
            return pooled;
        }

        private FoldedConv add(FoldedConv convolution) {
            convolutions.add(convolution);
            return convolution;
        }

        private dnnl_memory own(dnnl_memory_desc_t layout) {
            dnnl_memory memory = Dnnl.allocate(layout);
            owned.add(memory);
            return memory;
        }

        /** A tensor for intermediate results, shared by every convolution that writes this layout. */
        private dnnl_memory scratch(dnnl_memory_desc_t layout) {
            for (int i = 0; i < scratch.size(); i++) {
                if (Dnnl.same(scratchLayouts.get(i), layout)) {
                    return scratch.get(i);
                }
            }
            dnnl_memory memory = own(layout);
            scratchLayouts.add(layout);
            scratch.add(memory);
            return memory;
        }

        @Override
        public void close() {
            convolutions.forEach(FoldedConv::close);
            pooling.close();
            owned.forEach(memory -> dnnl_memory_destroy(memory));
        }
    }

    private static dnnl_memory_desc_t any(ConvLayer layer, long[] input) {
        return Dnnl.desc(dnnl_format_tag_any, outputShape(layer, input));
    }

    private static long[] outputShape(ConvLayer layer, long[] input) {
        long kernel = layer.weights().size(2);
        long[] out = {input[0], layer.weights().size(0), 0, 0};
        for (int d = 2; d < 4; d++) {
            out[d] = (input[d] + 2L * layer.padding() - kernel) / layer.stride() + 1;
        }
        return out;
    }
}
