package dev.samlab.runner.cli;

import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.train.EpochMetrics;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
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

/** {@code samlab train CONFIG}: one training run, into its own folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the model a config names on its dataset with its optimizer, evaluating on the test"
                    + " split after every epoch.",
            "Writes into the run folder: config.yaml (every default filled in), provenance.json, metrics.csv,"
                    + " curves.png and report.md (updated every epoch) and checkpoint/last.ckpt.",
            "Ctrl-C (exit 130) or SIGTERM (exit 143) saves a checkpoint; --resume continues from it. One process at a"
                    + " time trains in a run folder: a second is refused with the first one's PID.",
            "",
            "Datasets are looked for in dataset.root, then in the folders named by the SAMLAB_DATA environment"
                    + " variable (a path list, like PATH), then in the --data-cache folder."
        })
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Run config, YAML or JSON (.json).")
    private Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set optimizer.lr=0.01 --set training.epochs=3. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<config name>).")
    private Path out;

    @Option(
            names = "--force",
            description = "Replace the run in the run folder. Deletes only the files SamLab wrote"
                    + " there; a folder holding anything else is refused, with those files named.")
    private boolean force;

    @Option(
            names = "--resume",
            description = "Continue the run in the run folder from its last checkpoint (written"
                    + " after every epoch and on Ctrl-C), with the same config; where no epoch has finished yet, start from"
                    + " the beginning.")
    private boolean resume;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunLauncher launcher = new RunLauncher(context.assembly());
        RunConfig config = launcher.loader().load(configFile, overrides);
        Path folder = out != null ? out : Path.of("runs", config.name());
        List<EpochMetrics> epochs = launcher.launch(config, folder, resume, force);

        EpochMetrics last = epochs.get(epochs.size() - 1);
        spec.commandLine()
                .getOut()
                .printf(
                        "%s: final test accuracy %.2f%% after %d epochs; results in %s%n",
                        config.name(), 100 * last.testAccuracy(), last.epoch(), folder);
        return 0;
    }
}
