package dev.samlab.runner.bench;

import com.google.inject.Injector;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.runner.plugins.PluginOptions;
import dev.samlab.runner.wiring.Assembly;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samlab bench model}: what a model costs per training pass, per inference batch and per SAM step. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Time a model on random CIFAR-shaped data: forward+backward at the training batch size,"
                    + " inference at twice that, and a full SAM step (two passes plus the optimizer): rounds that alternate a pass and a step, then"
                    + " rounds of inference; then"
                    + " print medians, images/s, the step's cost in forward+backward passes (and how much of it is the"
                    + " optimizer's own work between the passes)"
                    + " and the process's peak resident memory. Compare with PyTorch timing the same ResNet-20 the same"
                    + " way (bench/torch_resnet20.py in the repository), run right after, on the same machine."
        })
public final class ModelBenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "YAML", description = "The model section (default: ${DEFAULT-VALUE}).")
    private String model = "resnet20";

    @Option(
            names = "--optimizer",
            paramLabel = "YAML",
            description = "The optimizer of the step measurement (default: ${DEFAULT-VALUE}).")
    private String optimizer = "{ name: sam, rho: 0.05, base: { name: adam } }";

    @Option(names = "--batch", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    private int batch = 128;

    @Option(
            names = "--iterations",
            description = "Timed rounds of each kind: a pass then a step, and inference (default: ${DEFAULT-VALUE}).")
    private int iterations = 10;

    @Option(names = "--warmup", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    private int warmup = 3;

    @Mixin
    private PluginOptions plugins;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Injector parts = Assembly.withoutData(plugins.discover()).onRandomInputs(model, optimizer, batch);
        try (Model net = parts.getInstance(Model.class)) {
            return measure(net, parts.getInstance(Optimizer.class));
        }
    }

    private int measure(Model net, Optimizer step) throws IOException {
        Batch training = randomBatch(batch);
        INDArray inference = Nd4j.rand(DataType.FLOAT, 2L * batch, 3, 32, 32);
        TimedObjective.Clock inPasses = new TimedObjective.Clock();
        IntConsumer trainingPass = i -> net.objective(training).evaluate();
        IntConsumer sharpnessAwareStep = i -> {
            inPasses.reset();
            Objective objective = new TimedObjective(net.objective(training), inPasses);
            step.step(net.parameters(), objective, StepContext.constant(i, 0));
        };
        // Rounds alternate a pass and a step, so that the machine's drift reaches both alike and each follows the
        // other's kind of work, as in training. Inference runs in rounds of its own: its batch, twice as large,
        // leaves other memory in the caches for whatever comes next.
        double[] passes = new double[iterations];
        double[] steps = new double[iterations];
        double[] stepPasses = new double[iterations];
        double[] predictions = new double[iterations];
        for (int round = 0; round < warmup + iterations; round++) {
            double passMillis = millisOf(trainingPass, round);
            double stepMillis = millisOf(sharpnessAwareStep, round);
            if (round >= warmup) {
                passes[round - warmup] = passMillis;
                steps[round - warmup] = stepMillis;
                stepPasses[round - warmup] = inPasses.millis();
            }
        }
        for (int round = 0; round < warmup + iterations; round++) {
            double predictMillis = millisOf(r -> net.predict(inference), round);
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

        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "model %s, %,d trainable parameters, float32, %d threads, median of %d rounds%n",
                model, net.parameters().size(), Runtime.getRuntime().availableProcessors(), iterations);
        out.printf("forward+backward, batch %d:   %8.1f ms   %7.1f images/s%n", batch, pass, 1000 * batch / pass);
        out.printf(
                "inference, batch %d:          %8.1f ms   %7.1f images/s%n",
                2 * batch, predict, 2000 * batch / predict);
        out.printf(
                "optimizer step %s, batch %d: %8.1f ms   %7.1f images/s%n",
                optimizer, batch, stepMillis, 1000 * batch / stepMillis);
        out.printf("optimizer step / forward+backward of the same round: %.2f%n", median(stepPerPass));
        out.printf(
                "  in the step's passes: %8.1f ms;  the optimizer's own work between them: %.1f ms%n",
                median(stepPasses), median(ownWork));
        out.printf("peak resident memory: %.2f GiB%n", ResidentMemory.now().peakResidentGiB());
        out.flush();
        return 0;
    }

    private static double millisOf(IntConsumer work, int round) {
        long start = System.nanoTime();
        work.accept(round);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Batch randomBatch(int size) {
        INDArray targets = Nd4j.zeros(DataType.FLOAT, size, 10);
        for (int i = 0; i < size; i++) {
            targets.putScalar(i, i % 10, 1);
        }
        return new Batch(Nd4j.rand(DataType.FLOAT, size, 3, 32, 32), targets);
    }
}
