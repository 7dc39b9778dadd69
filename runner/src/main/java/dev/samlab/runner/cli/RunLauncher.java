package dev.samlab.runner.cli;

import com.google.inject.Injector;
import dev.samlab.api.model.Model;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.report.Provenance;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.train.OwnedFiles;
import dev.samlab.runner.train.Progress;
import dev.samlab.runner.train.RunLock;
import dev.samlab.runner.train.RunManifest;
import dev.samlab.runner.train.StopSignal;
import dev.samlab.runner.train.Trainer;
import dev.samlab.runner.wiring.Assembly;
import dev.samlab.runner.wiring.OutputsModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, replaces or resumes one training run in its folder: the part {@code train} and {@code compare} share.
 * The run holds the folder's {@link RunLock} from before it looks at the folder until it ends, and it deletes
 * nothing but SamLab's own files ({@link OwnedFiles}).
 */
final class RunLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);

    /** What a run folder holds, compared with the config about to run in it. */
    enum State {
        EMPTY,
        FINISHED,
        UNFINISHED,
        OTHER
    }

    private final Assembly assembly;
    private final ConfigLoader loader;

    RunLauncher(Assembly assembly) {
        this.assembly = assembly;
        this.loader = assembly.loader();
    }

    ConfigLoader loader() {
        return loader;
    }

    State state(RunConfig config, Path folder) throws IOException {
        if (OwnedFiles.isFresh(folder)) {
            return State.EMPTY;
        }
        Path previous = folder.resolve("config.yaml");
        if (!Files.exists(previous) || !Files.readString(previous).equals(loader.toYaml(config))) {
            return State.OTHER;
        }
        return Checkpoints.progressOf(folder)
                .map(p -> p.epoch() >= config.training().epochs() ? State.FINISHED : State.UNFINISHED)
                .orElse(State.UNFINISHED);
    }

    /**
     * Brings the run in {@code folder} to its end: skipped if finished, resumed if unfinished, started if the folder is
     * empty; a folder holding another config's run is refused.
     *
     * @param out where to say which
     * @return the metrics of every epoch
     */
    List<EpochMetrics> finish(RunConfig config, Path folder, PrintWriter out) throws IOException {
        switch (state(config, folder)) {
            case FINISHED -> {
                out.printf("%s: already finished in %s, skipped%n", config.name(), folder);
                out.flush();
                return Checkpoints.progressOf(folder).orElseThrow().metrics();
            }
            case UNFINISHED -> {
                out.printf("%s: unfinished in %s, resuming%n", config.name(), folder);
                out.flush();
                return launch(config, folder, true, false);
            }
            case EMPTY -> {
                return launch(config, folder, false, false);
            }
            default ->
                throw new ConfigException(
                        "--out", folder + " holds a run of another config; use another --out folder, or remove it");
        }
    }

    /** The resolved config without its seed: what the runs of one configuration over several seeds share. */
    String withoutSeed(RunConfig config) {
        return loader.toYaml(config)
                .lines()
                .filter(line -> !line.startsWith("seed:"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Builds the run's parts (every config error surfaces here, before the folder is touched), then trains.
     *
     * @param resume continue from the folder's checkpoint; with none yet, start from the beginning
     * @param force  replace a run in the folder
     */
    List<EpochMetrics> launch(RunConfig config, Path folder, boolean resume, boolean force) throws IOException {
        String resolved = loader.toYaml(config);
        Injector injector = assembly.onDataset(config, new OutputsModule(folder, config, resolved));
        createFolder(folder);
        // the model holds native memory: closed when the run ends, not left to the collector (compare trains many)
        try (Model model = injector.getInstance(Model.class);
                RunLock lock = RunLock.acquire(folder)) {
            boolean continuing = prepare(folder, resolved, resume, force, lock);
            // the run id in both the lock and provenance.json is how a later start knows these files are SamLab's
            String runId = continuing ? lock.runId().orElseGet(Provenance::newRunId) : Provenance.newRunId();
            lock.claim(runId);
            RunManifest manifest = injector.getInstance(RunManifest.class);
            Provenance.record(folder.resolve(Provenance.FILE), runId, config.seed(), resolved, manifest, continuing);
            if (!continuing) {
                AtomicFile.writeString(folder.resolve("config.yaml"), resolved);
            }
            Trainer trainer = injector.getInstance(Trainer.class);
            Progress start = continuing ? trainer.restore().orElseThrow() : Progress.START;
            return trainStoppingOnCtrlC(injector.getInstance(StopSignal.class), trainer, start);
        }
    }

    /**
     * Makes the folder ready for the run: a fresh one gets the config, an old one is checked or emptied.
     *
     * @return whether the run continues from the folder's checkpoint
     */
    private boolean prepare(Path folder, String resolved, boolean resume, boolean force, RunLock lock)
            throws IOException {
        Path previous = folder.resolve("config.yaml");
        boolean hasRun = !OwnedFiles.isFresh(folder);
        Optional<Progress> saved = hasRun && !force ? Checkpoints.progressOf(folder) : Optional.empty();
        boolean withoutCheckpoint = hasRun && !force && saved.isEmpty();
        if (withoutCheckpoint) {
            requireOnlyOwnedFiles(folder, false);
        }
        if (withoutCheckpoint && !startedHere(folder, lock)) {
            throw new ConfigException(
                    "--out",
                    folder + " holds files with the names SamLab gives its own (" + String.join(", ", names(folder))
                            + ") but no run SamLab can show it started there (no checkpoint, and no run id that both "
                            + RunLock.FILE + " and " + Provenance.FILE + " name); refusing to replace them."
                            + " Replace them with --force, or choose another folder with --out");
        }
        if (resume && !force && hasRun) {
            if (!Files.exists(previous)) {
                throw new ConfigException("--resume", folder + " holds no run to resume (no config.yaml)");
            }
            List<String> changed = loader.differingKeys(Files.readString(previous), resolved);
            if (!changed.isEmpty()) {
                throw new ConfigException(
                        "--resume",
                        "the config differs from the one the run in " + folder
                                + " started with (" + previous + ") in " + String.join(", ", changed)
                                + "; resume with that"
                                + " config, or start a new run");
            }
            if (saved.isPresent()) {
                return true;
            }
        }
        if (hasRun && !withoutCheckpoint) { // checked above otherwise
            requireOnlyOwnedFiles(folder, force);
        }
        if (hasRun && !force && !resume && saved.isPresent()) {
            throw new ConfigException(
                    "--out",
                    folder + " already holds a run (" + saved.get().epoch() + " epochs"
                            + " done); continue it with --resume, replace it with --force, or choose another with --out");
        }
        if (resume && !force) {
            LOG.warn(
                    "{} {}: starting from the beginning",
                    folder,
                    hasRun ? "has no checkpoint yet (no epoch finished)" : "holds no run yet");
        } else if (hasRun && !force) {
            LOG.warn("{} holds a run that never finished an epoch: starting it over", folder);
        }
        OwnedFiles.deleteOwned(folder);
        return false;
    }

    /** Whether SamLab wrote the folder's files: its lock holds the run id its provenance.json records. */
    private static boolean startedHere(Path folder, RunLock lock) {
        return lock.runId().isPresent() && lock.runId().equals(Provenance.runIdOf(folder.resolve(Provenance.FILE)));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(RunLock.FILE))
                    .sorted()
                    .toList();
        }
    }

    private static void requireOnlyOwnedFiles(Path folder, boolean force) throws IOException {
        List<Path> foreign = OwnedFiles.foreign(folder);
        if (!foreign.isEmpty()) {
            throw new ConfigException(
                    "--out",
                    folder + " holds files SamLab did not write ("
                            + foreign.stream().limit(5).map(Path::toString).collect(Collectors.joining(", "))
                            + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "") + "); refusing to "
                            + (force ? "delete them" : "write a run among them")
                            + ". Choose an empty folder with --out");
        }
    }

    /** Ctrl-C asks the trainer to checkpoint where it stands; the JVM exits once it has. */
    private static List<EpochMetrics> trainStoppingOnCtrlC(StopSignal stop, Trainer trainer, Progress start)
            throws IOException {
        Thread hook = new Thread(
                () -> {
                    try {
                        stop.requestAndAwait(120);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "samlab-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return trainer.run(start);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the checkpoint
            }
        }
    }

    private static void createFolder(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException(
                    "cannot create the run folder " + folder + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
    }
}
