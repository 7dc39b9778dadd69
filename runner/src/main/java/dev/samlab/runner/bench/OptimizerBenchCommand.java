package dev.samlab.runner.bench;

import com.google.inject.Injector;
import dev.samlab.api.model.Model;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginOptions;
import dev.samlab.runner.wiring.Assembly;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samlab bench optimizers}: the per-step cost of optimizers, model evaluations excluded. */
@Command(
        name = "optimizers",
        mixinStandardHelpOptions = true,
        description = {
            "Time each optimizer's own work per step (norms, perturbation, restore, moment updates) on"
                    + " a model's parameter shapes (ResNet-20's 269,722 by default), with an objective that costs nothing,"
                    + " and count the bytes it allocates per step on the Java heap and natively.",
            "A step costs its gradient evaluations (model passes, each counted by the fraction of the batch it"
                    + " covers) plus this work: `bench model --optimizer` times both together."
        })
public final class OptimizerBenchCommand implements Callable<Integer> {

    /** The training batch size optimizers check their settings against (m-sharpness, ESAM's selection). */
    private static final int BATCH = 128;

    @Option(
            names = "--optimizer",
            paramLabel = "YAML",
            description = "An optimizer section to time, such as '{ name: sam, rho: 0.05, base: { name: adam } }'."
                    + " Repeatable (default: adam, sgd, and every method of the SAM family around adam).")
    private List<String> optimizers = new ArrayList<>(List.of(
            "adam",
            "sgd",
            "{ name: sam, base: { name: adam } }",
            "{ name: asam, base: { name: adam } }",
            "{ name: gsam, base: { name: adam } }",
            "{ name: looksam, base: { name: adam } }",
            "{ name: friendly-sam, base: { name: adam } }",
            "{ name: esam, base: { name: adam } }",
            "{ name: fisher-sam, base: { name: adam } }",
            "{ name: momentum-sam, base: { name: adam } }",
            "{ name: wsam, base: { name: adam } }"));

    @Option(
            names = "--model",
            paramLabel = "YAML",
            description = "The model whose parameter shapes and roles the optimizers step on (default:"
                    + " ${DEFAULT-VALUE}).")
    private String model = "resnet20";

    @Option(names = "--steps", description = "Timed steps per optimizer (default: ${DEFAULT-VALUE}).")
    private int steps = 200;

    @Option(names = "--warmup", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    private int warmup = 50;

    @Mixin
    private PluginOptions plugins;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Assembly assembly = Assembly.withoutData(plugins.discover());
        Injector parts = assembly.onRandomInputs(model, optimizers.get(0), BATCH);
        OptimizerBench bench;
        try (Model shapes = parts.getInstance(Model.class)) {
            bench = new OptimizerBench(shapes.parameters(), 42);
        }
        PluginFactory factory = parts.getInstance(PluginFactory.class);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "optimizer work per step on %s's %,d parameters (%d tensors in %d runs), float32, %d timed steps%n",
                model, bench.parameterCount(), bench.tensorCount(), bench.runCount(), steps);
        out.printf(
                "%-44s %10s %8s %12s %14s %16s%n",
                "optimizer", "median ms", "min ms", "heap B/step", "native B/step", "grad evals/step");
        for (String section : optimizers) {
            Optimizer optimizer =
                    factory.optimizer(assembly.loader().section(section, OptimizerConfig.class), BATCH, 42);
            OptimizerBench.Result r = bench.measure(section, optimizer, warmup, steps);
            out.printf(
                    "%-44s %10.3f %8.3f %12d %14d %16.2f%n",
                    r.optimizer(),
                    r.medianMillis(),
                    r.minMillis(),
                    r.heapBytesPerStep(),
                    r.nativeBytesPerStep(),
                    r.gradientEvaluationsPerStep());
        }
        out.printf("(checksum %.3f)%n", bench.checksum());
        out.flush();
        return 0;
    }
}
