package dev.samlab.runner.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.samlab.api.data.DataContext;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.report.Provenance;
import dev.samlab.runner.report.RunFiles;
import dev.samlab.runner.train.Checkpoints;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Starts, replaces or resumes one training run in its folder: the part {@code train} and {@code compare} share. */
final class RunLauncher {

    /** What a run folder holds, compared with the config about to run in it. */
    enum State { EMPTY, FINISHED, UNFINISHED, OTHER }

    private final PluginRegistry registry;
    private final ConfigLoader loader;
    private final DataContext data;

    RunLauncher(PluginRegistry registry, DataContext data) {
        this.registry = registry;
        this.loader = new ConfigLoader(registry);
        this.data = data;
    }

    ConfigLoader loader() {
        return loader;
    }

    State state(RunConfig config, Path folder) throws IOException {
        if (!Files.isDirectory(folder) || isEmpty(folder)) {
            return State.EMPTY;
        }
        Path previous = folder.resolve("config.yaml");
        if (!Files.exists(previous) || !Files.readString(previous).equals(loader.toYaml(config))) {
            return State.OTHER;
        }
        return Checkpoints.progressOf(folder).map(p -> p.epoch() >= config.training().epochs() ? State.FINISHED
                : State.UNFINISHED).orElse(State.UNFINISHED);
    }

    /**
     * Builds the run's parts (every config error surfaces here, before the folder is touched), then trains.
     *
     * @param resume continue from the folder's checkpoint
     * @param force  replace a finished or different run in the folder
     */
    List<EpochMetrics> launch(RunConfig config, Path folder, boolean resume, boolean force) throws IOException {
        String resolved = loader.toYaml(config);
        RunDirectory directory = new RunDirectory(folder);
        RunFiles files = new RunFiles(folder, config.name(), resolved, config.training().epochs());
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config, directory, files),
                new PluginModule(registry, data), new TrainingModule());
        if (resume) {
            requireSameRun(folder, resolved);
        } else {
            prepare(folder, force);
            Files.writeString(folder.resolve("config.yaml"), resolved);
        }
        Provenance.record(folder.resolve("provenance.json"), config.seed(), resolved, resume);
        return trainStoppingOnCtrlC(injector, resume);
    }

    /** Ctrl-C asks the trainer to checkpoint where it stands; the JVM exits once it has. */
    private static List<EpochMetrics> trainStoppingOnCtrlC(Injector injector, boolean resume) throws IOException {
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
    private static void prepare(Path folder, boolean force) throws IOException {
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
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the run folder " + folder + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
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
