package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.samlab.models.dl4j.Inference;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    private final List<ResidualNetwork.Block> blocks;
    private final ConvLayer stem;
    private final INDArray outputWeights;
    private final INDArray outputBias;
    private final PlanCache<Plan> plans = new PlanCache<>(2, Plan::new);

    public ResidualInference(ResidualNetwork network) {
        this.stem = network.stem();
        this.blocks = network.blocks();
        this.outputWeights = network.output().getParam("W");
        this.outputBias = network.output().getParam("b");
    }

    @Override
    public INDArray probabilities(INDArray features) {
        INDArray dense = Dnnl.dense(features);
        INDArray pooled = plans.forShape(dense.shape()).run(dense);
        INDArray logits = pooled.reshape(pooled.size(0), pooled.size(1)).mmul(outputWeights);
        return Transforms.softmax(logits.addiRowVector(outputBias), false);
    }

    @Override
    public void close() {
        plans.close();
    }

    /** The primitives and tensors for one input shape. */
    private final class Plan implements PlanCache.Plan {
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
            long[] dims = stem.outputShape(shape);
            for (ResidualNetwork.Block block : blocks) {
                long[] blockDims = block.first().outputShape(dims);
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
            dnnl_memory_desc_t pooledLayout = GlobalAveragePooling.pooledLayout(dims);
            pooledMemory = Dnnl.over(pooledLayout, pooled);
            owned.add(pooledMemory);
            pooling = new Step(
                    "the global average pooling",
                    GlobalAveragePooling.forward(dnnl_forward_inference, layout, dims),
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
        return Dnnl.desc(dnnl_format_tag_any, layer.outputShape(input));
    }
}
