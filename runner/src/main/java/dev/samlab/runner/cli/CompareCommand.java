package dev.samlab.runner.cli;

import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.report.Comparison;
import dev.samlab.runner.report.Flatness;
import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab compare CONFIG...}: several runs, each over several seeds, and a side-by-side report. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Train every config with every seed (runs already finished are skipped, unfinished ones"
                    + " resumed), then write comparison.md (final test accuracy mean ± std and each config's difference"
                    + " to the first with a 95 %% confidence interval over seeds; with a validation split the same at"
                    + " the best validation epoch; the test-selected best, labelled so; epochs, gradient evaluations,"
                    + " wall time) and comparison.png (test accuracy against epochs and"
                    + " against gradient evaluations, one line per config).",
            "A fair SAM comparison gives the base optimizer twice SAM's epochs: the same gradient evaluations.",
            "With --sharpness, each run's final checkpoint is also measured as by 'samlab sharpness' with its"
                    + " defaults (a run folder's sharpness.json is reused when it names that very checkpoint by its SHA-256), and"
                    + " λmax and worst-case sharpness join the table."
        })
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "Run configs, one line per config in the report.")
    private List<Path> configFiles;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "SEED",
            description = "Seeds to run each config with, e.g. --seeds 1,2,3 (default: each config's own seed).")
    private List<Long> seeds = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key in every config. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder for the runs and the report (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("runs", "comparison");

    @Option(
            names = "--sharpness",
            description = "Measure each run's flatness too: λmax and worst-case sharpness"
                    + " columns. On ResNet-20 this costs several minutes per run.")
    private boolean sharpness;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunLauncher launcher = new RunLauncher(context.assembly());
        List<RunConfig> configs = new ArrayList<>();
        Map<String, Path> fileByName = new HashMap<>();
        for (Path file : configFiles) {
            RunConfig config = launcher.loader().load(file, overrides); // every config error before any run starts
            Path earlier = fileByName.putIfAbsent(config.name(), file);
            if (earlier != null) {
                throw new ConfigException(
                        file.toString(),
                        "its run name '" + config.name() + "' is also " + earlier
                                + "'s: the two would share the folder "
                                + out.resolve(config.name()) + " and a line of the report; give one another name"
                                + " (name: ... in the file)");
            }
            configs.add(config);
        }
        List<Comparison.Arm> arms = new ArrayList<>();
        for (RunConfig base : configs) {
            List<Long> armSeeds = seeds.isEmpty() ? List.of(base.seed()) : seeds;
            List<List<EpochMetrics>> runs = new ArrayList<>();
            List<Flatness> flatness = new ArrayList<>();
            for (long seed : armSeeds) {
                RunConfig config = new RunConfig(
                        base.name() + "-seed" + seed,
                        seed,
                        base.model(),
                        base.dataset(),
                        base.optimizer(),
                        base.training());
                Path folder = out.resolve(base.name()).resolve("seed-" + seed);
                runs.add(launcher.finish(config, folder, spec.commandLine().getOut()));
                if (sharpness) {
                    flatness.add(FinalFlatness.of(context, folder));
                }
            }
            // the seed is the one key the runs differ in: the report lists the seeds they used instead
            arms.add(new Comparison.Arm(base.name(), launcher.withoutSeed(base), armSeeds, runs, flatness));
        }
        Comparison.write(out, arms);
        PrintWriter printed = spec.commandLine().getOut();
        printed.println(Files.readString(out.resolve("comparison.md")));
        printed.flush();
        return 0;
    }
}
