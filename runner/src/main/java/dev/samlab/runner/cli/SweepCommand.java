package dev.samlab.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.report.Comparison;
import dev.samlab.runner.report.Flatness;
import dev.samlab.runner.sweep.LocalExecutor;
import dev.samlab.runner.sweep.ParentWatch;
import dev.samlab.runner.sweep.SlurmJob;
import dev.samlab.runner.sweep.SlurmQueue;
import dev.samlab.runner.sweep.SweepFile;
import dev.samlab.runner.sweep.SweepReport;
import dev.samlab.runner.sweep.Trial;
import dev.samlab.runner.train.Checkpoints;
import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab sweep SWEEP.yaml}: every trial of a sweep as an ordinary run, then the report over them. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Run a sweep: a base config and axes of values (any config key, a whole section, or seed), every trial"
                    + " of their grid or a seeded sample of it, each an ordinary run folder under the sweep's folder,"
                    + " named by its values. Finished trials are skipped and unfinished ones resumed, so running it"
                    + " again completes a sweep that was stopped.",
            "When every trial has run: comparison.md and comparison.png (each configuration over its seeds, as"
                    + " 'samlab compare' writes them), sweep.md and one sweep-KEY.png per swept key (final test"
                    + " accuracy against its values, mean ± std, each value's difference to the first with a 95 %%"
                    + " confidence interval).",
            "A sweep file:%n  base: resnet20-cifar10-sam.yaml   # relative to the sweep file%n"
                    + "  set: { training.epochs: 20 }      # optional, the same for every trial%n"
                    + "  axes:%n    optimizer.rho: [0.01, 0.05, 0.1]%n    seed: [1, 2, 3]%n"
                    + "  sample: { trials: 4, seed: 0 }    # optional: 4 of the 9, drawn with seed 0",
            "A sweep runs at most 10,000 trials, and samples from a grid of at most 1,000,000: a larger one is"
                    + " refused at once with its count.",
            "Exit codes: 0 every trial finished and the report is written; 1 a trial failed (no report: run the sweep"
                    + " again to retry it); 2 a bad sweep file, config or option; 130 stopped by Ctrl-C and 143 by"
                    + " SIGTERM: running trials checkpoint, none further starts, and running the sweep again resumes"
                    + " it. A trial whose sweep dies, even by kill -9, checkpoints and ends with 143 on its own."
        })
final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (YAML).")
    private Path sweepFile;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder for the trials and the report (default: runs/ and the sweep file's name).")
    private Path out;

    @Option(
            names = "--trial",
            paramLabel = "N",
            description = "Run trial N alone (0-based, as --status numbers them) and write no report: what each task of"
                    + " a job array runs.")
    private Integer trial;

    @Option(
            names = "--status",
            description = "Say which trials are finished, unfinished or not started, and, for a sweep submitted to"
                    + " Slurm, which array tasks are pending or running and how the others ended (sacct: cancelled,"
                    + " failed, timeout, ...); then stop.")
    private boolean status;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Trials at once, each in a process of its own with the cores divided between them, its"
                    + " output in logs/TRIAL.log under the sweep's folder (default: ${DEFAULT-VALUE}: one after"
                    + " another in this process).")
    private int parallel = 1;

    @Option(
            names = "--sharpness",
            description = "Measure each trial's final checkpoint as 'samlab sharpness' does with its defaults (a"
                    + " sharpness.json that names the very checkpoint, by its SHA-256, is reused): λmax and worst-case sharpness join"
                    + " comparison.md, and λmax joins sweep.md and its plots. On ResNet-20 this costs minutes a trial.")
    private boolean sharpness;

    @Option(
            names = "--executor",
            paramLabel = "local|slurm",
            description = "Where trials run: local (this machine; the default) or slurm (a job array, with the"
                    + " sweep file's slurm section: partition, time, cpus, gpus, memory, parallel, setup). Overrides the"
                    + " sweep file's executor. Each slurm value must be one sbatch accepts (no newline, ;, $(, quote or"
                    + " backquote), except setup's lines: they are shell on purpose, run as written before each task.")
    private String executor;

    @Option(names = "--submit", description = "With the slurm executor: submit the job array of the unfinished trials.")
    private boolean submit;

    @Option(
            names = "--dry-run",
            description = "With the slurm executor: print the batch script --submit would submit, and stop.")
    private boolean dryRun;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    /** What every part of one invocation works with. */
    private SweepFile sweep;

    private Path folder;
    private RunLauncher launcher;
    private final Map<Trial, RunConfig> configs = new LinkedHashMap<>();
    private PrintWriter printed;

    @Override
    public Integer call() throws IOException {
        sweep = SweepFile.read(sweepFile);
        folder = out != null ? out : Path.of("runs", sweep.name());
        launcher = new RunLauncher(context.assembly());
        printed = spec.commandLine().getOut();
        requireConfigKeys();
        for (Trial t : sweep.trials()) { // every config error before any trial starts
            RunConfig config = launcher.loader().load(sweep.base(), t.overrides());
            configs.put(
                    t,
                    new RunConfig(
                            t.name(),
                            config.seed(),
                            config.model(),
                            config.dataset(),
                            config.optimizer(),
                            config.training()));
        }
        if (status) {
            return printStatus();
        }
        if (trial != null) {
            return runTrial(trial);
        }
        String where = executor != null ? executor : sweep.executor();
        if (!SweepFile.EXECUTORS.contains(where)) {
            throw new ConfigException("--executor", "expected local or slurm, got " + where);
        }
        return where.equals("slurm") ? submitToSlurm() : runHere();
    }

    /**
     * Each key the sweep sets must be one a run config takes with the values given: the fixed keys, then each axis at
     * its first value, are tried on the base alone, so that an error names the sweep's key rather than a trial.
     */
    private void requireConfigKeys() throws IOException {
        launcher.loader().load(sweep.base(), List.of());
        List<String> fixed = new ArrayList<>();
        sweep.fixed().forEach((key, value) -> fixed.add(key + "=" + value));
        tryKeys(fixed, "set");
        for (Map.Entry<String, List<JsonNode>> axis : sweep.axes().entrySet()) {
            List<String> withAxis = new ArrayList<>(fixed);
            withAxis.add(axis.getKey() + "=" + axis.getValue().get(0));
            tryKeys(withAxis, "axes." + axis.getKey());
        }
    }

    private void tryKeys(List<String> overrides, String key) throws IOException {
        try {
            launcher.loader().load(sweep.base(), overrides);
        } catch (ConfigException e) {
            throw new ConfigException(
                    sweepFile + ": " + key, "not a key and value a run config takes: " + e.getMessage());
        }
    }

    private int printStatus() throws IOException {
        Map<Integer, String> queued = SlurmQueue.queued(folder);
        Map<Integer, String> endings = SlurmQueue.endings(folder);
        for (Map.Entry<Trial, RunConfig> entry : configs.entrySet()) {
            Path trialFolder = folder.resolve(entry.getKey().name());
            RunLauncher.State folderState = launcher.state(entry.getValue(), trialFolder);
            String state = switch (folderState) {
                case EMPTY -> "not started";
                case FINISHED -> "finished";
                case UNFINISHED ->
                    "unfinished, "
                            + Checkpoints.progressOf(trialFolder)
                                    .map(p -> p.epoch())
                                    .orElse(0)
                            + "/"
                            + entry.getValue().training().epochs();
                case OTHER -> "other run";
            };
            String slurm =
                    slurmState(entry.getKey().index(), queued, endings, folderState == RunLauncher.State.FINISHED);
            printed.printf(
                    "%3d  %-12s %s%s%n",
                    entry.getKey().index(), state, entry.getKey().name(), slurm);
        }
        printed.flush();
        return 0;
    }

    /**
     * What Slurm says of a trial: its array task's state while queued; for a trial this sweep submitted that is no
     * longer queued and did not finish, how its task ended (failed, cancelled, timed out or preempted without a
     * requeue) as sacct recorded it, or that it ended early where the cluster keeps no accounting, with its log.
     */
    private String slurmState(int index, Map<Integer, String> queued, Map<Integer, String> endings, boolean finished) {
        if (queued.containsKey(index)) {
            return " (Slurm: " + queued.get(index) + ")";
        }
        Path log = folder.resolve("logs").resolve(SlurmJob.taskLog(index));
        if (!finished && SlurmQueue.submitted(folder) && Files.exists(log)) {
            return " (Slurm: " + endings.getOrDefault(index, "ended unfinished") + ", see " + log + ")";
        }
        return "";
    }

    private int runTrial(int index) throws IOException {
        List<Trial> trials = List.copyOf(configs.keySet());
        if (index < 0 || index >= trials.size()) {
            throw new ConfigException(
                    "--trial",
                    "expected 0 to " + (trials.size() - 1) + " (this sweep has " + trials.size() + " trials), got "
                            + index);
        }
        Trial picked = trials.get(index);
        ParentWatch.startIfChildOfASweep();
        printed.printf(
                "trial %d of %d: %s, %d threads%n",
                index, trials.size(), picked.name(), Nd4j.getEnvironment().maxThreads());
        printed.flush();
        launcher.finish(configs.get(picked), folder.resolve(picked.name()), printed);
        return 0;
    }

    /** Every trial on this machine (in child processes with --parallel), then the report. */
    private int runHere() throws IOException {
        if (parallel < 1) {
            throw new ConfigException(
                    "--parallel", "expected how many trials to run at once, 1 or more, got " + parallel);
        }
        if (parallel > 1 && !runInChildren()) {
            return FailureHandler.RUN_FAILED;
        }
        List<SweepReport.Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<Trial, RunConfig> entry : configs.entrySet()) {
            Path trialFolder = folder.resolve(entry.getKey().name());
            List<EpochMetrics> metrics = launcher.finish(entry.getValue(), trialFolder, printed);
            Flatness flatness = sharpness ? FinalFlatness.of(context, trialFolder) : null;
            outcomes.add(new SweepReport.Outcome(entry.getKey(), metrics, flatness));
        }
        Comparison.write(folder, arms(outcomes));
        SweepReport.write(folder, sweep.name(), outcomes);
        printed.printf("%s: %d trials; report in %s%n", sweep.name(), outcomes.size(), folder.resolve("sweep.md"));
        printed.flush();
        return 0;
    }

    /**
     * Runs the trials not yet finished in child processes, {@link #parallel} at a time.
     *
     * @return whether every one of them finished
     */
    private boolean runInChildren() throws IOException {
        List<Trial> pending = unfinished();
        List<LocalExecutor.Result> results;
        try {
            results = new LocalExecutor(SamLab.class, parallel)
                    .run(
                            pending,
                            this::trialArguments,
                            t -> folder.resolve("logs").resolve(t.name() + ".log"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean allFinished = true;
        for (LocalExecutor.Result result : results) {
            boolean finished = result.exitCode() == 0;
            allFinished &= finished;
            printed.printf(
                    "trial %d %s: %s (log %s)%n",
                    result.trial().index(),
                    result.trial().name(),
                    finished
                            ? "finished"
                            : result.exitCode() == LocalExecutor.NOT_STARTED
                                    ? "not started: the sweep was stopped"
                                    : "ended with exit code " + result.exitCode(),
                    result.log());
        }
        printed.flush();
        if (!allFinished) {
            spec.commandLine().getErr().println("some trials failed: no report; run the sweep again to retry them");
        }
        return allFinished;
    }

    /** Submits (or prints) the job array of the trials not finished. */
    private int submitToSlurm() throws IOException {
        if (submit == dryRun) {
            throw new ConfigException(
                    "--executor slurm", "add --submit to submit the job array, or --dry-run to see its script");
        }
        List<Trial> pending = unfinished();
        if (pending.isEmpty()) {
            printed.printf(
                    "%s: every trial has finished; run the sweep without the slurm executor for the report%n",
                    sweep.name());
            printed.flush();
            return 0;
        }
        List<String> command = new ArrayList<>(LocalExecutor.javaCommand(SamLab.class));
        command.addAll(ownArguments());
        command.add("--executor=local");
        String script = sweep.slurm()
                .script(sweep.name(), pending, folder.toAbsolutePath().resolve("logs"), command);
        if (dryRun) {
            printed.print(script);
            printed.flush();
            return 0;
        }
        Path file = folder.resolve("sweep.sbatch");
        Files.createDirectories(folder.resolve("logs"));
        Files.writeString(file, script);
        Process sbatch;
        try {
            sbatch = new ProcessBuilder("sbatch", file.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new ConfigException(
                    "--submit", "cannot run sbatch (" + e.getMessage() + "): is this a Slurm login node?");
        }
        String answer = new String(sbatch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (sbatch.waitFor() != 0) {
                spec.commandLine().getErr().println("sbatch refused the job array: " + answer);
                return FailureHandler.RUN_FAILED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FailureHandler.RUN_FAILED;
        }
        if (!SlurmQueue.record(folder, answer)) {
            spec.commandLine()
                    .getErr()
                    .println("sbatch's answer names no job; --status will not show the queue: " + answer);
        }
        printed.printf("%s: %d trials (script %s)%n", answer, pending.size(), file);
        printed.flush();
        return 0;
    }

    private List<Trial> unfinished() throws IOException {
        List<Trial> pending = new ArrayList<>();
        for (Map.Entry<Trial, RunConfig> entry : configs.entrySet()) {
            if (launcher.state(entry.getValue(), folder.resolve(entry.getKey().name())) != RunLauncher.State.FINISHED) {
                pending.add(entry.getKey());
            }
        }
        return pending;
    }

    /** This command's own arguments without those that choose an executor: what a trial's process is given. */
    private List<String> ownArguments() {
        List<String> own = spec.commandLine().getParseResult().originalArgs();
        Set<String> withValue = Set.of("--parallel", "--executor");
        Set<String> flags = Set.of("--submit", "--dry-run");
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            String argument = own.get(i);
            String option = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            if (withValue.contains(argument)) {
                i++;
            } else if (!withValue.contains(option) && !flags.contains(argument)) {
                arguments.add(argument);
            }
        }
        return arguments;
    }

    private List<String> trialArguments(Trial t) {
        List<String> arguments = new ArrayList<>(ownArguments());
        arguments.add("--trial");
        arguments.add(String.valueOf(t.index()));
        return arguments;
    }

    /** One arm per configuration: the trials that differ in their seed alone. */
    private List<Comparison.Arm> arms(List<SweepReport.Outcome> outcomes) {
        Map<String, List<SweepReport.Outcome>> byConfiguration = new LinkedHashMap<>();
        outcomes.forEach(o -> byConfiguration
                .computeIfAbsent(o.trial().configuration(), c -> new ArrayList<>())
                .add(o));
        List<Comparison.Arm> arms = new ArrayList<>();
        byConfiguration.forEach((configuration, group) -> arms.add(new Comparison.Arm(
                configuration,
                launcher.withoutSeed(configs.get(group.get(0).trial())),
                group.stream().map(o -> configs.get(o.trial()).seed()).toList(),
                group.stream().map(SweepReport.Outcome::metrics).toList(),
                sharpness ? group.stream().map(SweepReport.Outcome::flatness).toList() : List.of())));
        return arms;
    }
}
