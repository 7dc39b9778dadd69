package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.samlab.models.dl4j.Inference;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Inference for a {@link Program} straight on oneDNN, computing what the DL4J graph computes in inference mode from
 * the same parameters: each batch norm folded into the convolution before it, ReLU and a residual sum fused into
 * the convolution that produces them, activations kept in the layout oneDNN chooses (channels-last on an AVX-512
 * machine) from the first layer to the pooling, each tensor reused once nothing reads it. DL4J's path runs every
 * layer separately in NCHW with a layout conversion around each convolution.
 *
 * <p>Primitives are made for each input shape (the last two are kept); parameters are re-folded at every call, so
 * the optimizer's in-place updates are always seen. Not thread-safe, like the DL4J graph it reads.
 */
final class ProgramInference implements Inference {

    private final Program program;
    private final INDArray outputWeights;
    private final INDArray outputBias;
    private final Arena arena = new Arena();
    private final PlanCache<Plan> plans = new PlanCache<>(2, Plan::new);

    ProgramInference(Program program) {
        this.program = program;
        this.outputWeights = program.output().getParam("W");
        this.outputBias = program.output().getParam("b");
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
        arena.close();
    }

    /** An activation and how many steps still read it; its tensor goes back to the pool when none does. */
    private static final class Tensor {
        final dnnl_memory_desc_t layout;
        final long[] dims;
        final dnnl_memory memory;
        int readers = 1;

        Tensor(dnnl_memory_desc_t layout, long[] dims, dnnl_memory memory) {
            this.layout = layout;
            this.dims = dims;
            this.memory = memory;
        }
    }

    /** The primitives and tensors for one input shape. */
    private final class Plan implements PlanCache.Plan, Program.Compiler<Tensor> {
        private final List<AutoCloseable> parts = new ArrayList<>();
        private final List<dnnl_memory> owned = new ArrayList<>();
        private final List<FoldedConv> convolutions = new ArrayList<>();
        private final List<TrainingNorm> norms = new ArrayList<>();
        private final List<Runnable> steps = new ArrayList<>();
        private final BufferPool pool;
        private final Tensor input;
        private final INDArray pooled;

        Plan(long[] shape) {
            arena.startPlan();
            pool = new BufferPool(arena, owned);
            dnnl_memory_desc_t imageLayout = Dnnl.desc(dnnl_nchw, shape);
            input = new Tensor(imageLayout, shape, Dnnl.unbound(imageLayout));
            owned.add(input.memory);
            Tensor x = sequence(program.ops(), input);
            pooled = Nd4j.createUninitialized(DataType.FLOAT, x.dims[0], x.dims[1], 1, 1);
            dnnl_memory pooledMemory = Dnnl.over(GlobalAveragePooling.pooledLayout(x.dims), pooled);
            owned.add(pooledMemory);
            Step pooling = part(new Step(
                    "the global average pooling",
                    GlobalAveragePooling.forward(dnnl_forward_inference, x.layout, x.dims),
                    Step.argument(DNNL_ARG_SRC, x.memory),
                    Step.argument(DNNL_ARG_DST, pooledMemory)));
            steps.add(pooling::run);
        }

        /** Runs the network on {@code features}; the pooled features it returns are overwritten by the next run. */
        INDArray run(INDArray features) {
            Dnnl.pointAt(input.memory, features);
            convolutions.forEach(FoldedConv::refresh);
            norms.forEach(TrainingNorm::readRunningStatistics);
            steps.forEach(Runnable::run);
            return pooled;
        }

        @Override
        public Tensor convolution(Program.Convolution convolution, Tensor x) {
            return conv(convolution.layer(), x, null, convolution.relu());
        }

        @Override
        public Tensor normalization(Program.Normalization normalization, Tensor x) {
            TrainingNorm norm = part(TrainingNorm.forInference(normalization.norm(), x.layout, normalization.relu()));
            norms.add(norm);
            Tensor out = tensor(x.layout, x.dims);
            norm.bind(x.memory, out.memory);
            steps.add(norm::forward);
            return read(x, out);
        }

        @Override
        public Tensor relu(Program.Relu relu, Tensor x) {
            Tensor out = tensor(x.layout, x.dims);
            Step step = part(Elementwise.relu(
                    "the ReLU " + relu.name(), dnnl_forward_inference, x.layout, x.memory, out.memory));
            steps.add(step::run);
            return read(x, out);
        }

        private Tensor conv(ConvLayer layer, Tensor x, Tensor sumInto, boolean relu) {
            dnnl_memory_desc_t destination =
                    sumInto != null ? sumInto.layout : Dnnl.desc(dnnl_format_tag_any, layer.outputShape(x.dims));
            FoldedConv conv = new FoldedConv(layer, x.layout, x.dims, destination, sumInto != null, relu);
            convolutions.add(conv);
            Tensor out = sumInto != null ? sumInto : tensor(conv.destination(), layer.outputShape(x.dims));
            conv.bind(x.memory, out.memory);
            steps.add(conv::run);
            return read(x, out);
        }

        @Override
        public Tensor maxPooling(Program.MaxPooling pooling, Tensor x) {
            String name = "the max pooling " + pooling.name();
            dnnl_primitive_desc descriptor =
                    MaxPooling.forward(dnnl_forward_inference, x.layout, x.dims, pooling.size(), name);
            Tensor out =
                    tensor(Dnnl.chosen(descriptor, dnnl_query_dst_md), MaxPooling.outputShape(x.dims, pooling.size()));
            Step step = part(new Step(
                    name, descriptor, Step.argument(DNNL_ARG_SRC, x.memory), Step.argument(DNNL_ARG_DST, out.memory)));
            steps.add(step::run);
            return read(x, out);
        }

        /**
         * The shortcut first, then the main path, whose last convolution adds its result to the shortcut's and
         * applies the ReLU where it can: where that convolution has no ReLU of its own and the shortcut's tensor is
         * neither the images nor that convolution's input. Otherwise a separate sum, written over the main path's
         * result.
         */
        @Override
        public Tensor residual(Program.Residual residual, Tensor x) {
            x.readers++; // the main path and the shortcut both read it
            Tensor shortcut = sequence(residual.shortcut(), x);
            List<Program.Op> main = residual.main();
            Tensor beforeLast = sequence(main.subList(0, main.size() - 1), x);
            Program.Op last = main.get(main.size() - 1);
            if (last instanceof Program.Convolution convolution
                    && !convolution.relu() // its own ReLU would come before the sum
                    && shortcut != input
                    && shortcut.memory != beforeLast.memory
                    && shortcut.readers == 1) {
                return conv(convolution.layer(), beforeLast, shortcut, residual.relu());
            }
            Tensor sum = step(last, beforeLast);
            Step add = part(Elementwise.addInto(
                    "the residual sum " + residual.name(),
                    sum.layout,
                    sum.memory,
                    shortcut.layout,
                    shortcut.memory,
                    residual.relu()));
            steps.add(add::run);
            return read(shortcut, sum);
        }

        /** {@code x} has been read once more; its tensor is free once every reader has. */
        private Tensor read(Tensor x, Tensor result) {
            if (--x.readers == 0 && x != input && x.memory != result.memory) {
                pool.release(x.layout, x.memory);
            }
            return result;
        }

        private Tensor tensor(dnnl_memory_desc_t layout, long[] dims) {
            return new Tensor(layout, dims, pool.acquire(layout));
        }

        private <T extends AutoCloseable> T part(T part) {
            parts.add(part);
            return part;
        }

        @Override
        public void close() {
            convolutions.forEach(FoldedConv::close);
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            owned.forEach(memory -> dnnl_memory_destroy(memory));
        }
    }
}
