package dev.samlab.bench.libtorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * libtorch counterpart of {@code samlab bench model}, run from Java through DJL: a model timed the same way, on
 * random CIFAR-shaped data (float32, 3x32x32, 10 classes). A benchmark tool only, outside SamLab's build.
 *
 * <p>Forward+backward (softmax cross-entropy) at the training batch size, inference at twice that (eval mode, no
 * gradients), one SAM step around Adam (two passes, the perturbation undone from a copy, then Adam), as {@code
 * samlab bench model} and {@code bench/torch_resnet20.py} time them: {@code --iterations} rounds (after {@code
 * --warmup}) that alternate a pass and a SAM step, then as many rounds of inference; then the medians, the step's
 * cost in passes of the same round (and how much of it is the step's two passes), and the peak resident memory
 * (VmHWM). The lines it prints are {@code samlab bench model}'s, to compare line by line.
 *
 * <p>Models: {@code resnet20}, ResNet-20 of He et al. 2015 with shortcut A (269,722 trainable parameters), the
 * counterpart of {@code samlab bench model --model '{name: resnet20}'}; {@code vgg} (alias {@code my-cnn}), the
 * model template's VGG-style CNN of width 16 (72,954 trainable parameters), the counterpart of {@code samlab bench
 * model --model '{name: my-cnn}' --plugins model-template/target}. Run it right after {@code samlab bench model}, on
 * the same machine and thread count:
 *
 * <pre>
 *     ./mvnw -q -f bench/libtorch/pom.xml package
 *     java -jar bench/libtorch/target/libtorch-bench.jar --model resnet20 --batch 128 --threads 2 --iterations 10 --warmup 3
 *     java -jar bench/libtorch/target/libtorch-bench.jar --model vgg --threads 2
 * </pre>
 *
 * Needs only the jar and target/lib/ beside it (DJL 0.36.0, libtorch 2.7.1 CPU, extracted from its Maven jar into
 * ~/.djl.ai/pytorch/ on first use, offline). {@code --threads} sets libtorch's intra-op threads (DJL's system
 * property {@code ai.djl.pytorch.num_threads}); inter-op threads are 1. Other options: {@code --rho} (0.05), {@code
 * --check} (first verifies, untimed, that the SAM step restores the parameters exactly and that Adam moves them).
 * libtorch's OpenMP runtime reads {@code OMP_WAIT_POLICY} from the environment: on a 2-vCPU VM that another process
 * kept busy, its default made 2 threads 5-10x slower (PyTorch from Python alike); time on a quiet machine and give
 * both sides of a comparison the same environment (README.md beside the pom). The models' blocks close each
 * intermediate array once consumed, as PyTorch frees tensors ({@code --keep-intermediates}: DJL's own lifetimes,
 * which doubled inference time here).
 */
public final class LibtorchModelBench {

    private static final int CLASSES = 10;
    private static final double GIB = 1 << 30;

    private final Engine engine;
    private final Block block;
    private final ParameterStore store;
    /** The arrays of the trainable parameters, in order, and their ids (Adam's state is keyed by them). */
    private final List<NDArray> weights;
    private final List<String> ids;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final Optimizer adam = Optimizer.adam().build(); // lr 1e-3, betas 0.9/0.999, eps 1e-8, as torch's
    private final NDManager manager;
    private final NDArray features;
    private final NDArray labels;
    private final NDArray inference;
    private final float rho;
    /** Nanoseconds spent in the SAM step's passes since the step began. */
    private long stepPassNanos;

    private LibtorchModelBench(Engine engine, NDManager manager, Block block, int batch, float rho) {
        this.engine = engine;
        this.manager = manager;
        this.block = block;
        this.rho = rho;
        block.initialize(manager, DataType.FLOAT32, new Shape(batch, 3, 32, 32));
        this.store = new ParameterStore(manager, false);
        List<Parameter> trainable = block.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
        this.weights = trainable.stream().map(Parameter::getArray).toList();
        this.ids = trainable.stream().map(Parameter::getId).toList();
        this.features = manager.randomUniform(0, 1, new Shape(batch, 3, 32, 32));
        long[] targets = new long[batch];
        Arrays.setAll(targets, i -> i % CLASSES);
        this.labels = manager.create(targets);
        this.inference = manager.randomUniform(0, 1, new Shape(2L * batch, 3, 32, 32));
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        // before DJL loads the engine, which reads them once
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(options.threads));
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        setDefault("ai.djl.offline", "true"); // libtorch comes from the native jar on the class path, never a download
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // DJL probes for CUDA even with the CPU build and warns when a CUDA runtime is found but no driver
        setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(42);
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            LibtorchModelBench bench = new LibtorchModelBench(
                    engine, manager, options.model.build(), options.batch, options.rho);
            if (options.check) {
                bench.check();
            }
            bench.measure(options);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private void measure(Options options) {
        int warmup = options.warmup;
        int iterations = options.iterations;
        int batch = options.batch;
        // Rounds alternate a pass and a step, as samlab bench model's do; inference runs in rounds of its own.
        double[] passes = new double[iterations];
        double[] steps = new double[iterations];
        double[] stepPasses = new double[iterations];
        double[] predictions = new double[iterations];
        for (int round = 0; round < warmup + iterations; round++) {
            double passMillis = millisOf(this::forwardBackward);
            double stepMillis = millisOf(this::samStep);
            if (round >= warmup) {
                passes[round - warmup] = passMillis;
                steps[round - warmup] = stepMillis;
                stepPasses[round - warmup] = stepPassNanos / 1e6;
            }
        }
        for (int round = 0; round < warmup + iterations; round++) {
            double predictMillis = millisOf(this::predict);
            if (round >= warmup) {
                predictions[round - warmup] = predictMillis;
            }
        }
        double[] ownWork = new double[iterations];
        Arrays.setAll(ownWork, i -> steps[i] - stepPasses[i]);
        double[] stepPerPass = new double[iterations];
        Arrays.setAll(stepPerPass, i -> steps[i] / passes[i]);
        double pass = median(passes);
        double predict = median(predictions);
        double stepMillis = median(steps);
        String optimizer = "{ name: sam, rho: " + options.rho + ", base: { name: adam } }";

        long trainable = weights.stream().mapToLong(NDArray::size).sum();
        System.out.printf(
                Locale.ROOT,
                "model %s, %,d trainable parameters, float32, %d threads, median of %d rounds, libtorch %s via DJL %s%n",
                options.model.label, trainable, options.threads, iterations, engine.getVersion(),
                Engine.getDjlVersion());
        System.out.printf(
                Locale.ROOT, "forward+backward, batch %d:   %8.1f ms   %7.1f images/s%n", batch, pass, 1000 * batch / pass);
        System.out.printf(
                Locale.ROOT,
                "inference, batch %d:          %8.1f ms   %7.1f images/s%n",
                2 * batch, predict, 2000 * batch / predict);
        System.out.printf(
                Locale.ROOT,
                "optimizer step %s, batch %d: %8.1f ms   %7.1f images/s%n",
                optimizer, batch, stepMillis, 1000 * batch / stepMillis);
        System.out.printf(Locale.ROOT, "optimizer step / forward+backward of the same round: %.2f%n", median(stepPerPass));
        System.out.printf(
                Locale.ROOT,
                "  in the step's passes: %8.1f ms;  the optimizer's own work between them: %.1f ms%n",
                median(stepPasses), median(ownWork));
        System.out.printf(Locale.ROOT, "peak resident memory: %.2f GiB%n", peakResidentGiB());
        System.out.flush();
    }

    /** Training mode, gradients zeroed (kept allocated, as torch's zero_grad(set_to_none=False)), loss, backward. */
    private void forwardBackward() {
        // Every array an op makes belongs to the manager of its first input: the scope's, closed at the end.
        try (NDManager scope = manager.newSubManager()) {
            features.tempAttach(scope);
            labels.tempAttach(scope);
            for (NDArray weight : weights) {
                JniUtils.zeroGrad((PtNDArray) weight);
            }
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDList logits = block.forward(store, new NDList(features), true);
                collector.backward(loss.evaluate(new NDList(labels), logits));
            }
        }
    }

    /** Eval mode, no gradients: DJL's engine keeps libtorch's grad mode off outside a gradient collector. */
    private void predict() {
        try (NDManager scope = manager.newSubManager()) {
            inference.tempAttach(scope);
            block.forward(store, new NDList(inference), false);
        }
    }

    /**
     * SAM around Adam, as bench/torch_resnet20.py's: a pass, the weights saved and moved by rho along the gradient
     * over its global L2 norm, a pass there, the weights copied back, and Adam's step on the second pass's gradients.
     */
    private void samStep() {
        stepPassNanos = 0;
        try (NDManager scope = manager.newSubManager()) {
            timedPass();
            NDArray[] saved = new NDArray[weights.size()];
            NDArray[] norms = new NDArray[weights.size()];
            NDArray[] gradients = new NDArray[weights.size()];
            for (int i = 0; i < weights.size(); i++) {
                gradients[i] = gradientOf(weights.get(i), scope); // a new handle each call: it must be closed
                saved[i] = weights.get(i).duplicate();
                saved[i].attach(scope);
                norms[i] = gradients[i].norm();
            }
            float norm = NDArrays.stack(new NDList(norms)).norm().getFloat();
            float scale = (float) (rho / (norm + 1e-12));
            for (int i = 0; i < weights.size(); i++) {
                weights.get(i).addi(gradients[i].mul(scale));
            }
            timedPass();
            for (int i = 0; i < weights.size(); i++) {
                // an in-place copy (index_put_). Not NDArray.copyTo: on PyTorch it points the weight at the copy's
                // memory (set_ on a foreign buffer) instead of copying into it
                weights.get(i).set(new NDIndex(":"), saved[i]);
            }
            for (int i = 0; i < weights.size(); i++) {
                // DJL's native Adam (one call per parameter, as torch's for-loop Adam on the CPU); it zeroes the
                // gradient after
                adam.update(ids.get(i), weights.get(i), gradientOf(weights.get(i), scope));
            }
        }
    }

    private void timedPass() {
        long start = System.nanoTime();
        try {
            forwardBackward();
        } finally {
            stepPassNanos += System.nanoTime() - start;
        }
    }

    private static NDArray gradientOf(NDArray weight, NDManager scope) {
        NDArray gradient = weight.getGradient();
        gradient.attach(scope);
        return gradient;
    }

    /** Untimed: the SAM step restores the weights it perturbed, exactly, and Adam then moves them. */
    private void check() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] before = new NDArray[weights.size()];
            for (int i = 0; i < weights.size(); i++) {
                before[i] = weights.get(i).duplicate();
                before[i].attach(scope);
            }
            // closing intermediates early changes no gradient
            boolean wasEager = eager;
            NDArray[] kept = new NDArray[weights.size()];
            eager = false;
            forwardBackward();
            for (int i = 0; i < weights.size(); i++) {
                kept[i] = gradientOf(weights.get(i), scope).duplicate();
            }
            eager = true;
            forwardBackward();
            for (int i = 0; i < weights.size(); i++) {
                if (!gradientOf(weights.get(i), scope).allClose(kept[i], 1e-4, 1e-6, false)) {
                    throw new IllegalStateException("parameter " + ids.get(i) + ": another gradient when closing early");
                }
            }
            eager = wasEager;
            // the step without Adam: perturb, pass, restore
            forwardBackward();
            NDArray[] copies = new NDArray[weights.size()];
            for (int i = 0; i < weights.size(); i++) {
                copies[i] = weights.get(i).duplicate();
                copies[i].attach(scope);
                weights.get(i).addi(gradientOf(weights.get(i), scope).mul(0.01f));
            }
            forwardBackward();
            for (int i = 0; i < weights.size(); i++) {
                weights.get(i).set(new NDIndex(":"), copies[i]);
                if (!weights.get(i).contentEquals(before[i])) {
                    throw new IllegalStateException("parameter " + ids.get(i) + " not restored");
                }
            }
            NDManager system = manager.getParentManager(); // DJL's system manager: where detached arrays go
            long managed = system.getManagedArrays().size();
            samStep();
            samStep();
            predict();
            long leaked = system.getManagedArrays().size() - managed;
            double moved = 0;
            for (int i = 0; i < weights.size(); i++) {
                moved = Math.max(moved, weights.get(i).sub(before[i]).abs().max().getFloat());
            }
            System.out.printf(
                    Locale.ROOT,
                    "check: the same gradients with intermediates closed early or kept; weights restored exactly after a"
                            + " perturbation; two SAM steps moved them by at most %.2e"
                            + " (Adam's lr 1e-3 bounds each step's move); arrays left behind by two steps and an inference: %d%n",
                    moved, leaked);
            if (moved == 0 || moved > 2.5e-3) {
                throw new IllegalStateException("Adam moved the weights by " + moved);
            }
        }
    }

    private static double millisOf(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** samlab bench model's median: the upper middle of an even count. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** VmHWM of /proc/self/status, in GiB; NaN where there is none. */
    private static double peakResidentGiB() {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        try {
            return Files.readAllLines(status).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) * 1024 / GIB)
                    .findFirst()
                    .orElse(Double.NaN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the models ----

    private static Block conv(int channels, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .setFilters(channels)
                .optBias(false)
                .build();
    }

    /** DJL's default: momentum 0.9 (torch's 0.1), eps 1e-5, learned scale and shift. */
    private static Block batchNorm() {
        return BatchNorm.builder().build();
    }

    private static Block classifier() {
        return Linear.builder().setUnits(CLASSES).optBias(true).build();
    }

    /** As bench/torch_resnet20.py's resnet20("A"): He-normal convolutions, the Linear layer's bias. */
    static Block resnet20() {
        SequentialBlock net = new EagerSequential()
                .add(conv(16, 1))
                .add(batchNorm())
                .add(Activation.reluBlock());
        int channelsIn = 16;
        for (int stage = 0; stage < 3; stage++) {
            int channels = 16 << stage;
            for (int b = 0; b < 3; b++) {
                net.add(basicBlock(channelsIn, channels, stage > 0 && b == 0 ? 2 : 1));
                channelsIn = channels;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(classifier());
    }

    /** relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)); shortcut A: every other pixel, zero channels both sides. */
    private static Block basicBlock(int channelsIn, int channels, int stride) {
        Block main = new EagerSequential()
                .add(conv(channels, stride))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(channels, 1))
                .add(batchNorm());
        Block shortcut;
        if (stride == 1 && channelsIn == channels) {
            shortcut = Blocks.identityBlock();
        } else {
            long padding = (channels - channelsIn) / 2;
            shortcut = new LambdaBlock(x -> {
                NDArray subsampled = x.singletonOrThrow().get(new NDIndex(":, :, ::2, ::2"));
                NDArray padded = subsampled.pad(new Shape(0, 0, 0, 0, padding, padding), 0);
                release(subsampled);
                return new NDList(padded);
            });
        }
        return new EagerResidual(main, shortcut);
    }

    /**
     * The model template's my-cnn of width w = 16 (model-template's MyCnnProvider, compiled by SamLab's Network):
     * [conv3x3 (no bias, padded by 1) + batch norm + ReLU] x2 at w channels, max pooling 2, x2 at 2w, max pooling 2,
     * x2 at 4w, global average pooling, then the classifier Network.build adds: a dense layer with a bias to the
     * classes, softmax cross-entropy.
     */
    static Block myCnn(int width) {
        SequentialBlock net = new EagerSequential();
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            for (int i = 0; i < 2; i++) {
                net.add(conv(width << stage, 1)).add(batchNorm()).add(Activation.reluBlock());
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(classifier());
    }

    // ---- array lifetimes ----

    /**
     * Whether blocks close each intermediate array once it is consumed, as PyTorch frees a tensor when its last
     * reference goes (autograd keeps what backward needs alive on its own). DJL's blocks keep every array they make
     * until its manager closes, so a pass allocates all its activations afresh each time instead of reusing freed
     * memory: that doubled inference time here. {@code --keep-intermediates} turns it off, to see DJL's default.
     */
    static boolean eager = true;

    /** Closes {@code arrays} except those in {@code keep} (compared by identity: NDArray.equals compares contents). */
    private static void release(NDList arrays, NDList... keep) {
        if (!eager) {
            return;
        }
        for (NDArray array : arrays) {
            boolean kept = Arrays.stream(keep).flatMap(List::stream).anyMatch(k -> k == array);
            if (!kept) {
                array.close();
            }
        }
    }

    private static void release(NDArray array) {
        if (eager) {
            array.close();
        }
    }

    /** A SequentialBlock that closes each child's output once the next child has made its own. */
    static final class EagerSequential extends SequentialBlock {
        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList current = inputs;
            for (Block child : getChildren().values()) {
                NDList next = child.forward(parameterStore, current, training, params);
                if (current != inputs) {
                    release(current, inputs, next);
                }
                current = next;
            }
            return current;
        }
    }

    /** relu(main(x) + shortcut(x)), closing the paths' outputs and the sum once used. */
    static final class EagerResidual extends ParallelBlock {
        EagerResidual(Block main, Block shortcut) {
            super(EagerResidual::join, List.of(main, shortcut));
        }

        private static NDList join(List<NDList> paths) {
            NDArray sum = paths.get(0).singletonOrThrow().add(paths.get(1).singletonOrThrow());
            NDArray out = Activation.relu(sum);
            release(sum);
            return new NDList(out);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            List<Block> paths = getChildren().values();
            NDList main = paths.get(0).forward(parameterStore, inputs, training, params);
            NDList shortcut = paths.get(1).forward(parameterStore, inputs, training, params);
            NDList out = join(List.of(main, shortcut));
            release(main, inputs, out);
            release(shortcut, inputs, out);
            return out;
        }
    }

    private enum Model {
        RESNET20("resnet20 (shortcut A)"),
        VGG("my-cnn (width 16)");

        final String label;

        Model(String label) {
            this.label = label;
        }

        Block build() {
            return this == RESNET20 ? resnet20() : myCnn(16);
        }

        static Model of(String name) {
            return switch (name) {
                case "resnet20" -> RESNET20;
                case "vgg", "my-cnn" -> VGG;
                default -> throw new IllegalArgumentException("--model: resnet20 or vgg (my-cnn), got " + name);
            };
        }
    }

    private static final class Options {
        Model model = Model.RESNET20;
        int batch = 128;
        int iterations = 10;
        int warmup = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        float rho = 0.05f;
        boolean check;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    System.out.println("usage: java -jar libtorch-bench.jar [--model resnet20|vgg] [--batch 128]"
                            + " [--iterations 10] [--warmup 3] [--threads N] [--rho 0.05] [--check]"
                            + " [--keep-intermediates]");
                    System.exit(0);
                } else if (arg.equals("--check")) {
                    options.check = true;
                    continue;
                } else if (arg.equals("--keep-intermediates")) {
                    eager = false;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--model" -> options.model = Model.of(value);
                    case "--batch" -> options.batch = Integer.parseInt(value);
                    case "--iterations" -> options.iterations = Integer.parseInt(value);
                    case "--warmup" -> options.warmup = Integer.parseInt(value);
                    case "--threads" -> options.threads = Integer.parseInt(value);
                    case "--rho" -> options.rho = Float.parseFloat(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (options.batch <= 0 || options.iterations <= 0 || options.warmup < 0 || options.threads <= 0) {
                throw new IllegalArgumentException("--batch, --iterations, --threads must be positive, --warmup not"
                        + " negative");
            }
            return options;
        }
    }
}
