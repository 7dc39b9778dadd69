package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.samlab.models.dl4j.LayerGradients;
import dev.samlab.models.dl4j.Training;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Passes with gradients for a {@link ResidualNetwork} straight on oneDNN, computing what the DL4J graph computes in
 * training mode, or in inference mode for flatness measures: convolutions, batch norm (ReLU fused in where one follows), residual
 * sums with their ReLU, global average pooling, all in the layouts oneDNN chooses, without DL4J's layout conversions
 * around every convolution; the softmax layer in ND4J. The backward pass writes mean gradients straight into the
 * parameters' gradient views and skips the unused gradient of the images.
 *
 * <p>Keeps what the backward pass needs: each convolution's output, each batch norm's output that a convolution
 * reads, a bit per value for the fused ReLUs. Primitives are made for each batch shape, kept for the last two in each
 * mode, their tensors in that mode's {@link Arena}. Not thread-safe, like the DL4J graph it reads.
 */
public final class ResidualTraining implements Training {

    private final ResidualNetwork network;
    private final INDArray outputWeights;
    private final INDArray outputBias;
    /** Two shapes per mode: the batch and a smaller one (the last batch of an epoch, ESAM's sharpest examples). */
    private static final int SHAPES = 2;

    private final Arena trainingArena = new Arena();
    private final Arena inferenceArena = new Arena();
    private final PlanCache<Plan> trainingPlans =
            new PlanCache<>(SHAPES, shape -> new Plan(shape, false, trainingArena));
    private final PlanCache<Plan> inferencePlans =
            new PlanCache<>(SHAPES, shape -> new Plan(shape, true, inferenceArena));
    private Plan current;

    public ResidualTraining(ResidualNetwork network) {
        this.network = network;
        this.outputWeights = network.output().getParam("W");
        this.outputBias = network.output().getParam("b");
    }

    @Override
    public INDArray forward(INDArray features, Mode mode) {
        INDArray dense = Dnnl.dense(features);
        current = (mode == Mode.INFERENCE ? inferencePlans : trainingPlans).forShape(dense.shape());
        INDArray pooled = current.forward(dense, mode);
        INDArray logits = pooled.mmul(outputWeights).addiRowVector(outputBias);
        return Transforms.softmax(logits, false);
    }

    @Override
    public void backward(INDArray logitGradient) {
        if (current == null) {
            throw new IllegalStateException("backward before forward");
        }
        INDArray pooled = current.pooled;
        current.outputWeightGradient.assign(pooled.transpose().mmul(logitGradient));
        current.outputBiasGradient.assign(logitGradient.sum(0).reshape(current.outputBiasGradient.shape()));
        current.pooledGradient.assign(logitGradient.mmul(outputWeights.transpose()));
        current.backward();
    }

    @Override
    public void close() {
        trainingPlans.close();
        inferencePlans.close();
        trainingArena.close();
        inferenceArena.close();
        current = null;
    }

    /** The steps and tensors for one input shape. */
    private final class Plan implements PlanCache.Plan {
        /** Activation gradients: two slots per layout for what flows between blocks, two for inside a block. */
        private static final int BETWEEN = 0;

        private static final int INSIDE = 2;

        private final List<AutoCloseable> parts = new ArrayList<>();
        private final List<dnnl_memory> owned = new ArrayList<>();
        private final List<dnnl_memory_desc_t> gradientLayouts = new ArrayList<>();
        private final List<dnnl_memory[]> gradientSlots = new ArrayList<>();
        private final List<Runnable> forward = new ArrayList<>();
        /** In the order they were made; the backward pass runs them from last to first. */
        private final List<Runnable> backward = new ArrayList<>();

        private final List<TrainingNorm> norms = new ArrayList<>();
        private final dnnl_memory input;
        final INDArray pooled;
        final INDArray pooledGradient;
        /** Gradient views are read when a plan is made: the model makes them after this object. */
        final INDArray outputWeightGradient;

        final INDArray outputBiasGradient;

        private final boolean inference;
        private final Arena arena;

        /**
         * @param inference whether batch norm normalizes with the running statistics instead of the batch's
         * @param arena     where its activations and their gradients go
         */
        Plan(long[] shape, boolean inference, Arena arena) {
            this.inference = inference;
            this.arena = arena;
            arena.startPlan();
            Map<String, INDArray> gradients = LayerGradients.of(network.output());
            outputWeightGradient = gradients.get("W");
            outputBiasGradient = gradients.get("b");
            dnnl_memory_desc_t imageLayout = Dnnl.desc(dnnl_nchw, shape);
            input = Dnnl.unbound(imageLayout);
            owned.add(input);

            // the stem: its input gradient would be the images', which nothing uses
            TrainingConv stemConv = part(new TrainingConv(network.stem(), imageLayout, shape, false));
            dnnl_memory_desc_t layout = stemConv.destination();
            dnnl_memory stemOut = own(layout);
            dnnl_memory x = own(layout);
            dnnl_memory xGradient = gradient(layout, BETWEEN);
            TrainingNorm stemNorm = norm(network.stem(), layout, true);
            stemConv.bind(input, stemOut, null, xGradient);
            stemNorm.bind(stemOut, x, xGradient, xGradient);
            forward.add(stemConv::forward);
            forward.add(stemNorm::forward);
            backward.add(stemConv::backward);
            backward.add(stemNorm::backward);

            long[] dims = network.stem().outputShape(shape);
            int slot = BETWEEN;
            for (ResidualNetwork.Block block : network.blocks()) {
                slot = BETWEEN + 1 - slot;
                long[] out = block.first().outputShape(dims);
                BlockPlan planned = block(block, layout, dims, x, xGradient, slot);
                x = planned.output;
                xGradient = planned.outputGradient;
                layout = planned.layout;
                dims = out;
            }

            pooled = Nd4j.createUninitialized(DataType.FLOAT, dims[0], dims[1]);
            pooledGradient = Nd4j.createUninitialized(DataType.FLOAT, dims[0], dims[1]);
            pooling(layout, dims, x, xGradient);
            Collections.reverse(backward);
        }

        /** What one block writes: its output, the gradient of it, and their layout. */
        private record BlockPlan(dnnl_memory output, dnnl_memory outputGradient, dnnl_memory_desc_t layout) {}

        private BlockPlan block(
                ResidualNetwork.Block block,
                dnnl_memory_desc_t inputLayout,
                long[] dims,
                dnnl_memory x,
                dnnl_memory xGradient,
                int slot) {
            long[] middleDims = block.first().outputShape(dims);
            // conv-bn-ReLU
            TrainingConv a = part(new TrainingConv(block.first(), inputLayout, dims, true));
            dnnl_memory_desc_t aLayout = a.destination();
            dnnl_memory aOut = own(aLayout);
            dnnl_memory aNormed = own(aLayout);
            dnnl_memory aGradient = gradient(aLayout, INSIDE + 1);
            TrainingNorm aNorm = norm(block.first(), aLayout, true);
            // conv-bn, then the sum with the shortcut and ReLU, written over the batch norm's output
            TrainingConv b = part(new TrainingConv(block.second(), aLayout, middleDims, true));
            dnnl_memory_desc_t layout = b.destination();
            dnnl_memory bOut = own(layout);
            dnnl_memory output = own(layout);
            dnnl_memory bGradient = gradient(layout, INSIDE);
            dnnl_memory outputGradient = gradient(layout, slot);
            TrainingNorm bNorm = norm(block.second(), layout, false);

            a.bind(x, aOut, xGradient, aGradient);
            aNorm.bind(aOut, aNormed, aGradient, aGradient);
            b.bind(aNormed, bOut, aGradient, bGradient);
            bNorm.bind(bOut, output, bGradient, outputGradient);
            forward.add(a::forward);
            forward.add(aNorm::forward);
            forward.add(b::forward);
            forward.add(bNorm::forward);

            // backward, listed in reverse: the input's gradient is the main path's plus the shortcut's
            backward.add(shortcut(block.shortcut(), inputLayout, dims, x, xGradient, layout, outputGradient, output));
            backward.add(a::backward);
            backward.add(aNorm::backward);
            backward.add(b::backward);
            backward.add(bNorm::backward);
            Step reluGradient = part(Elementwise.reluGradient(
                    "the ReLU after " + block.second().name(), layout, output, outputGradient));
            backward.add(reluGradient::run);
            return new BlockPlan(output, outputGradient, layout);
        }

        /**
         * Adds the shortcut to {@code output} in the forward pass (which ends with it), and returns the backward
         * step that adds the shortcut's gradient to the input's.
         */
        private Runnable shortcut(
                ConvLayer shortcut,
                dnnl_memory_desc_t inputLayout,
                long[] dims,
                dnnl_memory x,
                dnnl_memory xGradient,
                dnnl_memory_desc_t layout,
                dnnl_memory outputGradient,
                dnnl_memory output) {
            String sum = "the residual sum after " + (shortcut == null ? "a block" : shortcut.name());
            if (shortcut == null) {
                Step add = part(Elementwise.addInto(sum, layout, output, inputLayout, x, true));
                forward.add(add::run);
                Step addGradient = part(Elementwise.addInto(
                        "the gradient of " + sum, inputLayout, xGradient, layout, outputGradient, false));
                return addGradient::run;
            }
            TrainingConv conv = part(new TrainingConv(shortcut, inputLayout, dims, true));
            dnnl_memory_desc_t convLayout = conv.destination();
            dnnl_memory convOut = own(convLayout);
            dnnl_memory shortcutGradient = gradient(inputLayout, INSIDE);
            dnnl_memory projected;
            Runnable normBackward;
            if (shortcut.norm() == null) { // option A: a fixed subsampling, the output's gradient flows straight in
                conv.bind(x, convOut, shortcutGradient, outputGradient);
                forward.add(conv::forward);
                projected = convOut;
                normBackward = () -> {};
            } else { // option B: a 1x1 convolution and batch norm
                dnnl_memory normed = own(convLayout);
                dnnl_memory convGradient = gradient(convLayout, INSIDE);
                TrainingNorm norm = norm(shortcut, convLayout, false);
                conv.bind(x, convOut, shortcutGradient, convGradient);
                norm.bind(convOut, normed, convGradient, outputGradient);
                forward.add(conv::forward);
                forward.add(norm::forward);
                projected = normed;
                normBackward = norm::backward;
            }
            Step add = part(Elementwise.addInto(sum, layout, output, convLayout, projected, true));
            forward.add(add::run);
            Step addGradient = part(Elementwise.addInto(
                    "the gradient of " + sum, inputLayout, xGradient, inputLayout, shortcutGradient, false));
            return () -> {
                normBackward.run();
                conv.backward();
                addGradient.run();
            };
        }

        private void pooling(dnnl_memory_desc_t layout, long[] dims, dnnl_memory x, dnnl_memory xGradient) {
            dnnl_memory_desc_t pooledLayout = GlobalAveragePooling.pooledLayout(dims);
            dnnl_primitive_desc forwardDescriptor = GlobalAveragePooling.forward(dnnl_forward_training, layout, dims);
            dnnl_primitive_desc backwardDescriptor = GlobalAveragePooling.backward(layout, dims, forwardDescriptor);
            dnnl_memory pooledMemory = Dnnl.over(pooledLayout, pooled);
            dnnl_memory pooledGradientMemory = Dnnl.over(pooledLayout, pooledGradient);
            owned.add(pooledMemory);
            owned.add(pooledGradientMemory);
            Step pool = part(new Step(
                    "the global average pooling",
                    forwardDescriptor,
                    Step.argument(DNNL_ARG_SRC, x),
                    Step.argument(DNNL_ARG_DST, pooledMemory)));
            Step poolGradient = part(new Step(
                    "the gradient of the global average pooling",
                    backwardDescriptor,
                    Step.argument(DNNL_ARG_DIFF_DST, pooledGradientMemory),
                    Step.argument(DNNL_ARG_DIFF_SRC, xGradient)));
            forward.add(pool::run);
            backward.add(poolGradient::run);
        }

        INDArray forward(INDArray features, Mode mode) {
            Dnnl.pointAt(input, features);
            if (mode == Mode.INFERENCE) {
                norms.forEach(TrainingNorm::readRunningStatistics);
            }
            forward.forEach(Runnable::run);
            if (mode == Mode.TRAINING_UPDATING_STATISTICS) {
                norms.forEach(TrainingNorm::updateRunningStatistics);
            }
            return pooled;
        }

        void backward() {
            backward.forEach(Runnable::run);
        }

        private TrainingNorm norm(ConvLayer layer, dnnl_memory_desc_t layout, boolean relu) {
            TrainingNorm norm = part(new TrainingNorm(layer.norm(), layout, relu, inference));
            norms.add(norm);
            return norm;
        }

        private <T extends AutoCloseable> T part(T part) {
            parts.add(part);
            return part;
        }

        private dnnl_memory own(dnnl_memory_desc_t layout) {
            dnnl_memory memory = arena.place(layout);
            owned.add(memory);
            return memory;
        }

        /** Gradient tensor {@code slot} of {@code layout}, shared by every layer that writes that layout. */
        private dnnl_memory gradient(dnnl_memory_desc_t layout, int slot) {
            int index = 0;
            while (index < gradientLayouts.size() && !Dnnl.same(gradientLayouts.get(index), layout)) {
                index++;
            }
            if (index == gradientLayouts.size()) {
                gradientLayouts.add(layout);
                gradientSlots.add(new dnnl_memory[INSIDE + 2]);
            }
            dnnl_memory[] slots = gradientSlots.get(index);
            if (slots[slot] == null) {
                slots[slot] = own(layout);
            }
            return slots[slot];
        }

        @Override
        public void close() {
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
