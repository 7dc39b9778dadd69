package dev.samlab.runner.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.report.Provenance;
import dev.samlab.runner.report.RunFiles;
import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.train.RunDirectory;
import dev.samlab.runner.train.StopSignal;
import dev.samlab.runner.train.Trainer;
import dev.samlab.runner.wiring.ConfigModule;
import dev.samlab.runner.wiring.PluginModule;
import dev.samlab.runner.wiring.TrainingModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab train CONFIG}: one training run, into its own folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the model a config names on its dataset with its optimizer, evaluating on the test"
                + " split after every epoch.",
            "Writes into the run folder: config.yaml (every default filled in), provenance.json, metrics.csv,"
                    + " curves.png and report.md (updated every epoch) and checkpoint/last.ckpt.",
            "Ctrl-C saves a checkpoint; --resume continues from it.",
            "",
            "Datasets are looked for in dataset.root, then in the folders named by the SAMLAB_DATA environment"
                    + " variable (a path list, like PATH), then in the --data-cache folder."})
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Run config, YAML or JSON (.json).")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set optimizer.lr=0.01 --set training.epochs=3. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<config name>).")
    private Path out;

    @Option(names = "--force", description = "Replace an existing run folder of the same name.")
    private boolean force;

    @Option(names = "--resume", description = "Continue the run in the run folder from its last checkpoint (written"
            + " after every epoch and on Ctrl-C), with the same config.")
    private boolean resume;

    @Mixin
    private DataOptions data;

    @Mixin
    private PluginOptions plugins;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PluginRegistry registry = plugins.discover();
        ConfigLoader loader = new ConfigLoader(registry);
        RunConfig config = loader.load(configFile, overrides);
        RunDirectory directory = new RunDirectory(out != null ? out : Path.of("runs", config.name()));
        String resolved = loader.toYaml(config);

        RunFiles files = new RunFiles(directory.path(), config.name(), resolved, config.training().epochs());
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config, directory, files),
                new PluginModule(registry, data.context()), new TrainingModule());
        if (resume) {
            requireSameRun(directory.path(), resolved);
        } else {
            prepare(directory.path());
            Files.writeString(directory.resolve("config.yaml"), resolved);
        }
        Provenance.record(directory.resolve("provenance.json"), config.seed(), resolved, resume);
        List<EpochMetrics> epochs = trainStoppingOnCtrlC(injector);

        EpochMetrics last = epochs.get(epochs.size() - 1);
        spec.commandLine().getOut().printf("%s: final test accuracy %.2f%% after %d epochs; results in %s%n",
                config.name(), 100 * last.testAccuracy(), last.epoch(), directory.path());
        return 0;
    }

    /** Ctrl-C asks the trainer to checkpoint where it stands; the JVM exits once it has. */
    private List<EpochMetrics> trainStoppingOnCtrlC(Injector injector) throws IOException {
        StopSignal stop = injector.getInstance(StopSignal.class);
        Thread hook = new Thread(() -> {
            try {
                stop.requestAndAwait(120);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "samlab-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return injector.getInstance(Trainer.class).run(resume);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the checkpoint
            }
        }
    }

    private static void requireSameRun(Path folder, String resolved) throws IOException {
        Path previous = folder.resolve("config.yaml");
        if (!Files.exists(previous)) {
            throw new ConfigException("--resume", folder + " holds no run to resume (no config.yaml)");
        }
        if (!Files.readString(previous).equals(resolved)) {
            throw new ConfigException("--resume", "the config differs from the one the run in " + folder
                    + " started with (" + previous + "); resume with that config, or start a new run");
        }
    }

    /** Creates the run folder, refusing to mix a new run into an old one unless told to replace it. */
    private void prepare(Path folder) throws IOException {
        if (Files.isDirectory(folder) && !isEmpty(folder)) {
            if (!force) {
                throw new ConfigException("--out", folder + " already holds a run; choose another with --out, or"
                        + " replace it with --force");
            }
            if (!Files.exists(folder.resolve("config.yaml"))) {
                throw new ConfigException("--out", folder + " is not empty and does not look like a SamLab run"
                        + " folder (no config.yaml); refusing to delete it");
            }
            deleteRecursively(folder);
        }
        Files.createDirectories(folder);
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
