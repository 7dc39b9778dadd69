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
import java.util.List;
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
                    + " inference at twice that, and a full SAM step (two passes plus the optimizer), in interleaved rounds, then"
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
            description = "Timed rounds, each timing the three measurements in turn (default: ${DEFAULT-VALUE}).")
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
        List<IntConsumer> measurements =
                List.of(i -> net.objective(training).evaluate(), i -> net.predict(inference), i -> {
                    inPasses.reset();
                    Objective objective = new TimedObjective(net.objective(training), inPasses);
                    step.step(net.parameters(), objective, StepContext.constant(i, 0));
                });
        // Rounds interleave the three, so that the machine's drift reaches each alike and their ratio holds.
        for (int i = 0; i < warmup; i++) {
            for (IntConsumer work : measurements) {
                work.accept(i);
            }
        }
        double[][] millis = new double[measurements.size()][iterations];
        double[] stepPasses = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            for (int m = 0; m < measurements.size(); m++) {
                long start = System.nanoTime();
                measurements.get(m).accept(warmup + i);
                millis[m][i] = (System.nanoTime() - start) / 1e6;
            }
            stepPasses[i] = inPasses.millis();
        }
        double[] ownWork = new double[iterations];
        Arrays.setAll(ownWork, i -> millis[2][i] - stepPasses[i]);
        double[] stepPerPass = new double[iterations];
        Arrays.setAll(stepPerPass, i -> millis[2][i] / millis[0][i]);
        double pass = median(millis[0]);
        double predict = median(millis[1]);
        double stepMillis = median(millis[2]);

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
