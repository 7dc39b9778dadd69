package dev.samlab.runner.cli;

import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.eval.TestSetEvaluation;
import dev.samlab.runner.train.TrainedRun;
import dev.samlab.runner.wiring.PluginsAndData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samlab eval RUN}: a trained model's test accuracy, per class, and its confusion matrix. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate a run's checkpoint on the test split of its dataset (or of --dataset): print the"
                    + " accuracy, the loss and the accuracy of each class, and write confusion.png into the run folder"
                    + " (for a lone checkpoint file, into the working folder).",
            "A run being trained is not evaluated (its checkpoint is about to change), and no 'train' replaces a run"
                    + " while it is evaluated. A lone checkpoint's own dataset section is read from local files only,"
                    + " never downloaded: give --dataset to choose the data."
        })
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, or a checkpoint file inside one.")
    private Path run;

    @Option(
            names = "--dataset",
            paramLabel = "YAML",
            description = "Evaluate on another dataset section, e.g. '{ name: cifar10, root: /data }'"
                    + " (default: the run's own).")
    private String dataset;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the confusion matrix (default: RUN/confusion.png, or confusion.png in the"
                    + " working folder for a lone checkpoint); an existing file is replaced only with --force.")
    private Path chart;

    @Option(names = "--force", description = "Replace the file --out names, or a lone checkpoint's confusion.png.")
    private boolean force;

    @Mixin
    private PluginsAndData context;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (TrainedRun trained = context.load(run, dataset)) { // the model holds native memory
            List<String> classNames = trained.dataset().classNames();
            Path file = chart != null ? newFile(chart) : trained.output("confusion.png", force);
            TestSetEvaluation.Result result = TestSetEvaluation.run(trained.model(), trained.data(), classNames.size());

            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%s on %,d test images: accuracy %.2f%%, loss %.4f%n",
                    trained.config().name(),
                    result.confusion().total(),
                    100 * result.confusion().accuracy(),
                    result.loss());
            out.printf("%-12s %8s%n", "class", "accuracy");
            for (int c = 0; c < classNames.size(); c++) {
                out.printf(
                        "%-12s %7.2f%%%n",
                        classNames.get(c), 100 * result.confusion().classAccuracy(c));
            }
            out.flush(); // the figures are shown even if the chart cannot be written (a read-only folder)
            TestSetEvaluation.chart(
                    result, classNames, trained.config().name() + ": confusion on the test split", file);
            out.printf("confusion matrix: %s%n", file);
            out.flush();
        }
        return 0;
    }

    private Path newFile(Path file) {
        if (Files.exists(file) && !force) {
            throw new ConfigException("--out", file + " exists: replace it with --force, or name another file");
        }
        return file;
    }
}
