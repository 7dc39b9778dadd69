package dev.samlab.runner.bench;

import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import dev.samlab.api.model.Model;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.train.OwnedFiles;
import dev.samlab.runner.train.Progress;
import dev.samlab.runner.train.Trainer;
import dev.samlab.runner.train.TrainingListener;
import dev.samlab.runner.wiring.Assembly;
import dev.samlab.runner.wiring.OutputsModule;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab bench train}: what users wait for, an epoch of training end to end, and the memory it takes. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a config end to end as `samlab train` does (reading the dataset's files, augmenting, stepping,"
                    + " evaluating, checkpointing, writing the reports) for a few epochs in a scratch folder, and print"
                    + " for each epoch the training throughput (images/s over its steps), the time evaluation,"
                    + " checkpoint and reports took after them, and the resident memory, the Java heap and the memory"
                    + " outside it at its end; then the peak resident memory.",
            "Without CONFIG it runs the reference protocol: ResNet-20 (option A) on CIFAR-10, crop+flip, Adam"
                    + " 0.001, batch 128, all 50,000 training and 10,000 test images, 3 epochs. Point SAMLAB_DATA at"
                    + " a folder holding cifar-10-batches-bin, or let it download."
        })
public final class TrainBenchCommand implements Callable<Integer> {

    private static final String REFERENCE = """
            name: bench-train
            seed: 42
            model:     { name: resnet20 }
            dataset:   { name: cifar10, augment: true }
            optimizer: { name: adam, lr: 0.001 }
            training:  { epochs: 3, batchSize: 128 }
            """;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONFIG",
            description = "Run config to time (default: the reference protocol above).")
    private Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set training.epochs=2 --set dataset.trainLimit=10000.")
    private List<String> overrides = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Keep the run folder here, a new or empty one (default: a scratch folder, deleted afterwards).")
    private Path out;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Assembly assembly = context.assembly();
        RunConfig config = configFile == null
                ? assembly.loader().parse(REFERENCE, Path.of("bench-train.yaml"), overrides)
                : assembly.loader().load(configFile, overrides);
        if (out != null && !OwnedFiles.isFresh(out)) {
            throw new ConfigException(
                    "--out", out + " is not empty; bench train writes a new run: choose an empty or new folder");
        }
        Path folder = out != null ? Files.createDirectories(out) : Files.createTempDirectory("samlab-bench-train");
        try {
            return run(assembly, config, folder);
        } finally {
            if (out == null) { // the scratch folder holds SamLab's files only
                OwnedFiles.deleteOwned(folder);
                Files.delete(folder);
            }
        }
    }

    private int run(Assembly assembly, RunConfig config, Path folder) throws IOException {
        PrintWriter print = spec.commandLine().getOut();
        String resolved = assembly.loader().toYaml(config);
        EpochTimer timer = new EpochTimer(print);
        Injector parts = assembly.onDataset(
                config,
                new OutputsModule(folder, config, resolved),
                binder -> Multibinder.newSetBinder(binder, TrainingListener.class)
                        .addBinding()
                        .toInstance(timer));
        try (Model model = parts.getInstance(Model.class)) {
            parts.getInstance(Trainer.class).run(Progress.START);
        }
        double[] throughput = timer.epochs().stream()
                .mapToDouble(EpochTimer.Epoch::imagesPerSecond)
                .sorted()
                .toArray();
        print.printf(
                "median %.1f training images/s over %d epochs; peak resident memory %.2f GiB%n",
                throughput[throughput.length / 2],
                throughput.length,
                ResidentMemory.now().peakResidentGiB());
        print.flush();
        return 0;
    }
}
