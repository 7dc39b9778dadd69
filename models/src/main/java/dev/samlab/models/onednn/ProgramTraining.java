package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.samlab.models.dl4j.LayerGradients;
import dev.samlab.models.dl4j.Training;
import java.util.ArrayList;
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
 * Passes with gradients for a {@link Program} straight on oneDNN, computing what the DL4J graph computes in training
 * mode, or in inference mode for flatness measures: all in the layouts oneDNN chooses, without DL4J's layout
 * conversions around every convolution; the softmax layer in ND4J. The backward pass writes mean gradients straight
 * into the parameters' gradient views and skips the unused gradient of the images.
 *
 * <p>Keeps every activation the backward pass reads; activation gradients share a few tensors, each reused once
 * what it held has been read. Primitives are made for each batch shape, kept for the last two in each mode, their
 * tensors in that mode's {@link Arena}. Not thread-safe, like the DL4J graph it reads.
 */
final class ProgramTraining implements Training {

    /** Two shapes per mode: the batch and a smaller one (the last batch of an epoch, ESAM's sharpest examples). */
    private static final int SHAPES = 2;

    private final Program program;
    private final INDArray outputWeights;
    private final INDArray outputBias;
    private final Arena trainingArena = new Arena();
    private final Arena inferenceArena = new Arena();
    private final PlanCache<Plan> trainingPlans =
            new PlanCache<>(SHAPES, shape -> new Plan(shape, false, trainingArena));
    private final PlanCache<Plan> inferencePlans =
            new PlanCache<>(SHAPES, shape -> new Plan(shape, true, inferenceArena));
    private Plan current;

    ProgramTraining(Program program) {
        this.program = program;
        this.outputWeights = program.output().getParam("W");
        this.outputBias = program.output().getParam("b");
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

    /**
     * An activation: its values, kept for the backward pass, and the tensor of its gradient while one is needed.
     */
    private static final class Tensor {
        final dnnl_memory_desc_t layout;
        final long[] dims;
        final dnnl_memory value;
        /** False for the images: nothing needs their gradient. */
        final boolean differentiable;
        /** Whether the step that made it reads its output in the backward pass (so it may not be overwritten). */
        final boolean readBack;

        dnnl_memory gradient;
        /** Whether {@link #gradient} is also another activation's: read it, never overwrite or release it. */
        boolean shared;

        Tensor(dnnl_memory_desc_t layout, long[] dims, dnnl_memory value, boolean differentiable, boolean readBack) {
            this.layout = layout;
            this.dims = dims;
            this.value = value;
            this.differentiable = differentiable;
            this.readBack = readBack;
        }
    }

    /**
     * Where a backward step writes an input's gradient: straight into it, or into {@code scratch}, which
     * {@code accumulate} then adds to it (where another step wrote it first).
     */
    private record Target(dnnl_memory memory, Step accumulate, dnnl_memory scratch, dnnl_memory_desc_t layout) {}

    /** The steps and tensors for one input shape. */
    private final class Plan implements PlanCache.Plan, Program.Compiler<Tensor> {
        private final List<AutoCloseable> parts = new ArrayList<>();
        private final List<dnnl_memory> owned = new ArrayList<>();
        private final List<Runnable> forward = new ArrayList<>();
        /** Made after the forward pass, from the last layer to the first, as they run. */
        private final List<Runnable> backward = new ArrayList<>();
        /**
         * What binds each step's gradients, one per step in the order the forward pass runs them; run from last to
         * first, so that each gradient tensor is taken when the backward pass first writes it and given back once
         * it has been read.
         */
        private final List<Runnable> binders = new ArrayList<>();

        private final List<TrainingNorm> norms = new ArrayList<>();
        private final dnnl_memory input;
        final INDArray pooled;
        final INDArray pooledGradient;
        /** Gradient views are read when a plan is made: the model makes them after this object. */
        final INDArray outputWeightGradient;

        final INDArray outputBiasGradient;

        private final boolean inference;
        private final Arena arena;
        private final BufferPool gradients;

        /**
         * @param inference whether batch norm normalizes with the running statistics instead of the batch's
         * @param arena     where its activations and their gradients go
         */
        Plan(long[] shape, boolean inference, Arena arena) {
            this.inference = inference;
            this.arena = arena;
            this.gradients = new BufferPool(arena, owned);
            arena.startPlan();
            Map<String, INDArray> outputGradients = LayerGradients.of(program.output());
            outputWeightGradient = outputGradients.get("W");
            outputBiasGradient = outputGradients.get("b");
            dnnl_memory_desc_t imageLayout = Dnnl.desc(dnnl_nchw, shape);
            input = Dnnl.unbound(imageLayout);
            owned.add(input);

            Tensor x = sequence(program.ops(), new Tensor(imageLayout, shape, input, false, false));
            pooled = Nd4j.createUninitialized(DataType.FLOAT, x.dims[0], x.dims[1]);
            pooledGradient = Nd4j.createUninitialized(DataType.FLOAT, x.dims[0], x.dims[1]);
            pooling(x);
            for (int i = binders.size() - 1; i >= 0; i--) {
                binders.get(i).run();
            }
        }

        @Override
        public Tensor convolution(Program.Convolution convolution, Tensor x) {
            Tensor convolved = conv(convolution.layer(), x);
            if (convolution.layer().norm() != null) {
                return norm(convolution.layer().norm(), convolution.relu(), convolved);
            }
            return convolution.relu() ? relu(convolution.layer().name(), convolved) : convolved;
        }

        @Override
        public Tensor normalization(Program.Normalization normalization, Tensor x) {
            return norm(normalization.norm(), normalization.relu(), x);
        }

        @Override
        public Tensor relu(Program.Relu relu, Tensor x) {
            return relu(relu.name(), x);
        }

        private Tensor conv(ConvLayer layer, Tensor x) {
            TrainingConv conv = part(new TrainingConv(layer, x.layout, x.dims, x.differentiable));
            Tensor out = value(conv.destination(), layer.outputShape(x.dims), false);
            forward.add(conv::forward);
            binders.add(() -> {
                Target inputGradient = x.differentiable ? target(x) : null;
                conv.bind(x.value, out.value, inputGradient == null ? null : inputGradient.memory(), out.gradient);
                backward.add(conv::backward);
                finish(inputGradient);
                done(out);
            });
            return out;
        }

        private Tensor norm(org.deeplearning4j.nn.api.Layer layer, boolean relu, Tensor x) {
            TrainingNorm norm = part(new TrainingNorm(layer, x.layout, relu, inference));
            norms.add(norm);
            Tensor out = value(x.layout, x.dims, false);
            forward.add(norm::forward);
            binders.add(() -> {
                dnnl_memory outputGradient = out.gradient;
                Target inputGradient = overOutput(x, out);
                norm.bind(x.value, out.value, inputGradient.memory(), outputGradient);
                backward.add(norm::backward);
                finish(inputGradient);
                done(out);
            });
            return out;
        }

        private Tensor relu(String after, Tensor x) {
            String name = "the ReLU after " + after;
            Tensor out = value(x.layout, x.dims, true);
            Step relu = part(Elementwise.relu(name, dnnl_forward_training, x.layout, x.value, out.value));
            forward.add(relu::run);
            binders.add(() -> {
                dnnl_memory outputGradient = out.gradient;
                Target inputGradient = overOutput(x, out);
                Step gradient = part(
                        Elementwise.reluGradient(name, x.layout, out.value, outputGradient, inputGradient.memory()));
                backward.add(gradient::run);
                finish(inputGradient);
                done(out);
            });
            return out;
        }

        @Override
        public Tensor maxPooling(Program.MaxPooling pooling, Tensor x) {
            String name = "the max pooling " + pooling.name();
            dnnl_primitive_desc forwardDescriptor =
                    MaxPooling.forward(dnnl_forward_training, x.layout, x.dims, pooling.size(), name);
            Tensor out = value(
                    Dnnl.chosen(forwardDescriptor, dnnl_query_dst_md),
                    MaxPooling.outputShape(x.dims, pooling.size()),
                    false);
            dnnl_primitive_desc backwardDescriptor =
                    MaxPooling.backward(x.layout, out.layout, pooling.size(), forwardDescriptor, name);
            dnnl_memory workspace = Dnnl.allocate(Dnnl.chosen(forwardDescriptor, dnnl_query_workspace_md));
            owned.add(workspace);
            Step pool = part(new Step(
                    name,
                    forwardDescriptor,
                    Step.argument(DNNL_ARG_SRC, x.value),
                    Step.argument(DNNL_ARG_DST, out.value),
                    Step.argument(DNNL_ARG_WORKSPACE, workspace)));
            forward.add(pool::run);
            binders.add(() -> {
                Target inputGradient = target(x);
                Step gradient = part(new Step(
                        "the gradient of " + name,
                        backwardDescriptor,
                        Step.argument(DNNL_ARG_DIFF_DST, out.gradient),
                        Step.argument(DNNL_ARG_WORKSPACE, workspace),
                        Step.argument(DNNL_ARG_DIFF_SRC, inputGradient.memory())));
                backward.add(gradient::run);
                finish(inputGradient);
                done(out);
            });
            return out;
        }

        /**
         * The shortcut, the main path, then their sum, written over the main path's output where its step does not
         * read that back. The backward pass runs the main path's gradient first, then the shortcut's, both reading
         * the sum's gradient (shared, so neither overwrites it).
         */
        @Override
        public Tensor residual(Program.Residual residual, Tensor x) {
            String name = "the residual sum " + residual.name();
            int end = placeholder(); // the backward pass runs binders back to front: this one last
            Tensor shortcut = sequence(residual.shortcut(), x);
            int identity = placeholder();
            Tensor main = sequence(residual.main(), x);
            Tensor out = new Tensor(
                    main.layout,
                    main.dims,
                    main != x && !main.readBack ? main.value : own(main.layout),
                    true,
                    residual.relu());
            Step sum = part(Elementwise.sum(
                    name, main.layout, main.value, shortcut.layout, shortcut.value, out.value, residual.relu()));
            forward.add(sum::run);

            dnnl_memory[] sumGradient = new dnnl_memory[1]; // the gradient of the sum (after the ReLU's)
            List<Runnable> releases = new ArrayList<>(); // of its copies, for paths that end in another layout
            binders.add(() -> {
                sumGradient[0] = out.gradient;
                if (residual.relu()) {
                    sumGradient[0] = out.shared ? gradients.acquire(out.layout) : out.gradient;
                    Step relu =
                            part(Elementwise.reluGradient(name, out.layout, out.value, out.gradient, sumGradient[0]));
                    backward.add(relu::run);
                }
                for (Tensor path : shortcut == x ? List.of(main) : List.of(main, shortcut)) {
                    path.gradient = sumGradient[0];
                    path.shared = true;
                    if (!Dnnl.same(path.layout, out.layout)) {
                        dnnl_memory_desc_t layout = path.layout;
                        dnnl_memory copy = gradients.acquire(layout);
                        path.gradient = copy;
                        releases.add(() -> gradients.release(layout, copy));
                        Step reorder = part(Dnnl.reorder(
                                "the gradient of " + name + " in another layout",
                                out.layout,
                                sumGradient[0],
                                layout,
                                copy));
                        backward.add(reorder::run);
                    }
                }
            });
            binders.set(identity, () -> {
                if (shortcut == x && x.differentiable) {
                    addGradient(x, out.layout, sumGradient[0]);
                }
            });
            binders.set(end, () -> {
                if (sumGradient[0] != out.gradient) {
                    gradients.release(out.layout, sumGradient[0]);
                }
                releases.forEach(Runnable::run);
                done(out);
            });
            return out;
        }

        /** A binder's place, filled in once what it binds is made. */
        private int placeholder() {
            binders.add(null);
            return binders.size() - 1;
        }

        private void pooling(Tensor x) {
            dnnl_memory_desc_t pooledLayout = GlobalAveragePooling.pooledLayout(x.dims);
            dnnl_primitive_desc forwardDescriptor =
                    GlobalAveragePooling.forward(dnnl_forward_training, x.layout, x.dims);
            dnnl_primitive_desc backwardDescriptor = GlobalAveragePooling.backward(x.layout, x.dims, forwardDescriptor);
            dnnl_memory pooledMemory = Dnnl.over(pooledLayout, pooled);
            dnnl_memory pooledGradientMemory = Dnnl.over(pooledLayout, pooledGradient);
            owned.add(pooledMemory);
            owned.add(pooledGradientMemory);
            Step pool = part(new Step(
                    "the global average pooling",
                    forwardDescriptor,
                    Step.argument(DNNL_ARG_SRC, x.value),
                    Step.argument(DNNL_ARG_DST, pooledMemory)));
            forward.add(pool::run);
            binders.add(() -> {
                Target inputGradient = target(x);
                Step gradient = part(new Step(
                        "the gradient of the global average pooling",
                        backwardDescriptor,
                        Step.argument(DNNL_ARG_DIFF_DST, pooledGradientMemory),
                        Step.argument(DNNL_ARG_DIFF_SRC, inputGradient.memory())));
                backward.add(gradient::run);
                finish(inputGradient);
            });
        }

        /** Where a step writes {@code x}'s gradient: its own tensor if no step has yet, else a scratch one. */
        private Target target(Tensor x) {
            if (!x.differentiable) {
                return scratch(x.layout);
            }
            if (x.gradient == null) {
                x.gradient = gradients.acquire(x.layout);
                return new Target(x.gradient, null, null, x.layout);
            }
            dnnl_memory scratch = gradients.acquire(x.layout);
            return new Target(scratch, adding(x, x.layout, scratch), scratch, x.layout);
        }

        /** A tensor that a step writes and nothing reads (the images' gradient, which batch norm computes anyway). */
        private Target scratch(dnnl_memory_desc_t layout) {
            dnnl_memory scratch = gradients.acquire(layout);
            return new Target(scratch, null, scratch, layout);
        }

        /**
         * Where a step that may write its input's gradient over its output's (batch norm, ReLU) writes it: over the
         * output's where that is no other activation's, which then becomes the input's or is added to it.
         */
        private Target overOutput(Tensor x, Tensor out) {
            if (out.shared) {
                return target(x);
            }
            if (!x.differentiable) {
                return new Target(out.gradient, null, null, x.layout);
            }
            if (x.gradient == null) {
                x.gradient = out.gradient;
                out.gradient = null; // now the input's
                return new Target(x.gradient, null, null, x.layout);
            }
            return new Target(out.gradient, adding(x, out.layout, out.gradient), null, x.layout);
        }

        /** The step {@code x}'s gradient += {@code gradient} (laid out as {@code layout}). */
        private Step adding(Tensor x, dnnl_memory_desc_t layout, dnnl_memory gradient) {
            return part(Elementwise.addInto("adding up a gradient", x.layout, x.gradient, layout, gradient, false));
        }

        /** {@code x}'s gradient += {@code gradient} (laid out as {@code layout}), or = where none was written yet. */
        private void addGradient(Tensor x, dnnl_memory_desc_t layout, dnnl_memory gradient) {
            if (x.gradient == null) {
                x.gradient = gradients.acquire(x.layout);
                Step copy = part(Dnnl.reorder("copying a gradient", layout, gradient, x.layout, x.gradient));
                backward.add(copy::run);
            } else {
                backward.add(adding(x, layout, gradient)::run);
            }
        }

        private void finish(Target target) {
            if (target == null) {
                return;
            }
            if (target.accumulate() != null) {
                backward.add(target.accumulate()::run);
            }
            if (target.scratch() != null) {
                gradients.release(target.layout(), target.scratch());
            }
        }

        /** The backward pass has read {@code out}'s gradient for the last time. */
        private void done(Tensor out) {
            if (out.gradient != null && !out.shared) {
                gradients.release(out.layout, out.gradient);
            }
            out.gradient = null;
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

        private Tensor value(dnnl_memory_desc_t layout, long[] dims, boolean readBack) {
            return new Tensor(layout, dims, own(layout), true, readBack);
        }

        private dnnl_memory own(dnnl_memory_desc_t layout) {
            dnnl_memory memory = arena.place(layout);
            owned.add(memory);
            return memory;
        }

        private <T extends AutoCloseable> T part(T part) {
            parts.add(part);
            return part;
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
