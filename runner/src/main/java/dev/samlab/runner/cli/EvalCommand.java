package dev.samlab.runner.cli;

import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.DatasetConfig;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ModelContext;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.config.RunConfig;
import dev.samlab.runner.eval.Evaluation;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.train.Checkpoints;
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
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a run's checkpoint on the test split of its dataset (or of --dataset): print the"
                + " accuracy, the loss and the accuracy of each class, and write confusion.png into the run folder."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, or a checkpoint file inside one.")
    private Path run;

    @Option(names = "--dataset", paramLabel = "YAML",
            description = "Evaluate on another dataset section, e.g. '{ name: cifar10, root: /data }'"
                    + " (default: the run's own).")
    private String dataset;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the confusion matrix"
            + " (default: RUN/confusion.png).")
    private Path chart;

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private DataOptions data;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path folder = Files.isDirectory(run) ? run : run.toAbsolutePath().getParent().getParent();
        Path checkpoint = Files.isDirectory(run) ? run.resolve("checkpoint/last.ckpt") : run;
        if (!Files.exists(checkpoint) || !Files.exists(folder.resolve("config.yaml"))) {
            throw new ConfigException("RUN", run + " is not a run folder with a checkpoint (expected "
                    + folder.resolve("config.yaml") + " and " + checkpoint + ")");
        }
        PluginRegistry registry = plugins.discover();
        ConfigLoader loader = new ConfigLoader(registry);
        RunConfig config = loader.load(folder.resolve("config.yaml"), List.of());
        DatasetConfig datasetConfig = dataset == null ? config.dataset() : loader.section(dataset, DatasetConfig.class);
        PluginFactory factory = new PluginFactory(registry, data.context());
        Dataset images = factory.dataset(datasetConfig);
        Model model = factory.model(config.model(),
                new ModelContext(images.shape(), images.classNames().size(), config.seed()));
        Checkpoints.loadModel(checkpoint, model);

        Evaluation.Result result = Evaluation.run(model, images, config.dataset().trainLimit(),
                datasetConfig.testLimit());
        Path file = chart != null ? chart : folder.resolve("confusion.png");
        Evaluation.chart(result, images.classNames(), config.name() + ": confusion on the test split", file);

        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s on %,d test images: accuracy %.2f%%, loss %.4f%n", config.name(), result.confusion().total(),
                100 * result.confusion().accuracy(), result.loss());
        out.printf("%-12s %8s%n", "class", "accuracy");
        for (int c = 0; c < images.classNames().size(); c++) {
            out.printf("%-12s %7.2f%%%n", images.classNames().get(c), 100 * result.confusion().classAccuracy(c));
        }
        out.printf("confusion matrix: %s%n", file);
        out.flush();
        return 0;
    }
}
