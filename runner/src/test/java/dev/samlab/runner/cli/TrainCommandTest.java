package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.datasets.cifar.Cifar10Files;
import dev.samlab.datasets.idx.IdxFiles;
import dev.samlab.runner.config.ConfigLoader;
import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.plugins.PluginJars;
import dev.samlab.runner.train.Checkpoints;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class TrainCommandTest {

    static final String SYNTHETIC_RUN = """
            name: quick
            model:     { name: mlp, hidden: [64] }
            dataset:   { name: synthetic, trainSize: 1000, testSize: 300 }
            optimizer: { name: adam, lr: 0.001 }
            training:  { epochs: 3, batchSize: 50 }
            """;

    @TempDir
    Path folder;

    private Path config(String yaml) throws IOException {
        return Files.writeString(folder.resolve("run.yaml"), yaml);
    }

    private CommandLineRun train(Path config, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "train",
                config.toString(),
                "--out",
                folder.resolve("out").toString(),
                "--plugins",
                folder.resolve("plugins").toString()));
        arguments.addAll(List.of(more));
        return CommandLineRun.of(arguments.toArray(String[]::new));
    }

    /** One epoch of the quick run on another dataset section. */
    private CommandLineRun trainOneEpochOn(String dataset) throws IOException {
        return train(config(SYNTHETIC_RUN
                .replace("{ name: synthetic, trainSize: 1000, testSize: 300 }", dataset)
                .replace("epochs: 3", "epochs: 1")));
    }

    private List<String[]> metrics() throws IOException {
        return Files.readAllLines(folder.resolve("out/metrics.csv")).stream()
                .skip(1)
                .map(l -> l.split(",", -1))
                .toList();
    }

    @Test
    void labelNoiseIsCountedInTheReportProvenanceAndCheckpointAndTheCleanLabelAccuracyIsAColumn() throws IOException {
        CommandLineRun run = train(config(
                SYNTHETIC_RUN.replace("testSize: 300 }", "testSize: 300, labelNoise: { fraction: 0.4, seed: 3 } }")));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // this MLP memorises 1,000 synthetic images in three epochs, noise and all: near-perfect on the labels it
        // trains on, and so right on the true labels about as often as they were left alone
        String[] row = metrics().get(2);
        assertThat(Double.parseDouble(row[3])).as("train_acc").isGreaterThan(0.9);
        assertThat(Double.parseDouble(row[11])).as("train_clean_acc").isBetween(0.5, 0.7);
        var provenance = new ObjectMapper()
                .readTree(folder.resolve("out/provenance.json").toFile());
        int changed = provenance.path("labelNoise").path("changedInTraining").asInt();
        assertThat(changed).isBetween(400 - 80, 400 + 80); // 1000 · 0.4 ± 5 sd (15.5)
        assertThat(Files.readString(folder.resolve("out/report.md")))
                .contains("Trained on corrupted labels: symmetric label noise of 40 % (seed 3): " + changed
                        + " of 1,000 training labels changed")
                .contains("| epoch | train loss | train acc | clean | val acc |");
        assertThat(Checkpoints.manifestOf(folder.resolve("out/checkpoint/last.ckpt"))
                        .orElseThrow()
                        .labelNoise())
                .returns(changed, c -> c.changedInTraining())
                .returns(1000, c -> c.trainingImages());
    }

    @Test
    void trainsOnSyntheticDataAndWritesTheResolvedConfigAndOneMetricsRowPerEpoch() throws IOException {
        CommandLineRun run = train(config(SYNTHETIC_RUN));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("quick: final test accuracy")
                .contains(folder.resolve("out").toString());
        assertThat(Files.readAllLines(folder.resolve("out/metrics.csv")).get(0))
                .isEqualTo("epoch,step,train_loss,train_acc,test_loss,test_acc,lr,seconds,grad_evals,val_loss,val_acc,"
                        + "train_clean_acc");
        List<String[]> rows = metrics();
        assertThat(rows).hasSize(3);
        assertThat(rows)
                .extracting(r -> r[11])
                .as("no label noise, no clean-label column")
                .containsOnly("");
        assertThat(rows).extracting(r -> r[0]).containsExactly("1", "2", "3");
        assertThat(rows).extracting(r -> r[1]).containsExactly("20", "40", "60");
        assertThat(rows)
                .extracting(r -> r[8])
                .as("one gradient evaluation per Adam step")
                .containsExactly("20", "40", "60");
        assertThat(rows).extracting(r -> r[6]).containsOnly("0.00100000");
        assertThat(Double.parseDouble(rows.get(2)[2]))
                .as("train loss falls")
                .isLessThan(Double.parseDouble(rows.get(0)[2]));
        assertThat(Double.parseDouble(rows.get(2)[5]))
                .as("test accuracy, chance is 0.1")
                .isGreaterThan(0.3);

        ConfigLoader loader =
                new ConfigLoader(PluginDiscovery.discover(getClass().getClassLoader(), null));
        assertThat(loader.load(folder.resolve("out/config.yaml"), List.of()))
                .isEqualTo(loader.load(folder.resolve("run.yaml"), List.of()));

        BufferedImage curves = ImageIO.read(folder.resolve("out/curves.png").toFile());
        assertThat(curves.getWidth()).isEqualTo(1280);
        assertThat(curves.getHeight()).isEqualTo(420);
        assertThat(Files.readString(folder.resolve("out/report.md")))
                .contains("**Final test accuracy: "
                        + String.format(Locale.ROOT, "%.2f", 100 * Double.parseDouble(rows.get(2)[5]))
                        + " %** (epoch 3")
                .contains("chosen on the test set")
                .contains("![loss and accuracy by epoch](curves.png)")
                .contains("| 3 | ")
                .contains("name: adam");
        var provenance = new ObjectMapper()
                .readTree(folder.resolve("out/provenance.json").toFile());
        assertThat(provenance.get("seed").asLong()).isEqualTo(42);
        assertThat(provenance.get("configSha256").asText()).hasSize(64);
        assertThat(provenance.get("nd4j").get("backend").asText()).isEqualTo("CPU");
        assertThat(provenance.get("sessions")).hasSize(1);
        assertThat(folder.resolve("out/checkpoint/last.ckpt")).exists();
    }

    @Test
    void aValidationSplitIsHeldOutOfTrainingAndReportedBesideTest() throws IOException {
        CommandLineRun run = train(config(SYNTHETIC_RUN), "--set", "training.validation=200");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(metrics())
                .extracting(r -> r[1])
                .as("800 training images in batches of 50")
                .containsExactly("16", "32", "48");
        assertThat(metrics())
                .allSatisfy(r -> assertThat(Double.parseDouble(r[10])).isBetween(0.0, 1.0));
        assertThat(Files.readString(folder.resolve("out/report.md"))).contains("Chosen on the validation split: epoch");

        CommandLineRun tooMany = train(config(SYNTHETIC_RUN), "--force", "--set", "training.validation=1000");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("training.validation: holds out 1000 of the 1000 training images");
    }

    @Test
    void overridesFromTheCommandLineReachTheRun() throws IOException {
        CommandLineRun run = train(config(SYNTHETIC_RUN), "--set", "training.epochs=1", "--set", "optimizer.lr=0.01");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(metrics()).hasSize(1);
        assertThat(metrics().get(0)[6]).isEqualTo("0.0100000");
        assertThat(Files.readString(folder.resolve("out/config.yaml")))
                .contains("lr: 0.01")
                .contains("epochs: 1");
    }

    @Test
    void samCostsTwoGradientEvaluationsPerStepAndRecordsEveryOptionInTheRunFolder() throws IOException {
        CommandLineRun run = train(config(SYNTHETIC_RUN.replace(
                "{ name: adam, lr: 0.001 }", "{ name: sam, rho: 0.05, base: { name: adam, lr: 0.001 } }")));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(metrics()).extracting(r -> r[8]).containsExactly("40", "80", "120");
        assertThat(metrics())
                .extracting(r -> r[6])
                .as("the base's learning rate")
                .containsOnly("0.00100000");
        assertThat(Double.parseDouble(metrics().get(2)[5])).isGreaterThan(0.3);
        assertThat(Files.readString(folder.resolve("out/config.yaml")))
                .contains("name: sam")
                .contains("epsilon: 1.0E-12")
                .contains("lossWeightDecay: 0.0")
                .contains("base:")
                .contains("name: adam");
    }

    @Test
    void aThirdPartyOptimizerJarInThePluginsFolderCanBeNamedInAConfig() throws IOException {
        Files.createDirectories(folder.resolve("plugins"));
        PluginJars.build(
                folder.resolve("plugins/sgd.jar"),
                PluginJars.SGD_SOURCES,
                OptimizerProvider.class.getName(),
                List.of("thirdparty.SgdProvider"));

        CommandLineRun run =
                train(config(SYNTHETIC_RUN.replace("{ name: adam, lr: 0.001 }", "{ name: plain-sgd, lr: 0.05 }")));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Double.parseDouble(metrics().get(2)[5])).isGreaterThan(0.3);

        CommandLineRun wrapped = train(
                config(SYNTHETIC_RUN.replace(
                        "{ name: adam, lr: 0.001 }", "{ name: sam, rho: 0.05, base: { name: plain-sgd, lr: 0.05 } }")),
                "--force");
        assertThat(wrapped.exitCode())
                .as("SAM composes with a third party's base: " + wrapped.err())
                .isZero();
        assertThat(metrics()).extracting(r -> r[8]).containsExactly("40", "80", "120");

        Path elsewhere = folder.resolve("another-plugins-folder");
        CommandLineRun withoutTheJar =
                CommandLineRun.of("eval", folder.resolve("out").toString(), "--plugins", elsewhere.toString());
        assertThat(withoutTheJar.exitCode()).isEqualTo(2);
        assertThat(withoutTheJar.err())
                .contains("unknown optimizer 'plain-sgd'")
                .contains("(other plugins are jars in " + elsewhere + "; --plugins DIR names another folder)")
                .contains("was built with optimizer plain-sgd")
                .contains("(sgd.jar), not installed here: put that jar into the plugins folder");
    }

    @Test
    void aPluginThatFailsWhenCreatedEndsTheRunNamingItsKindNameAndJar() throws IOException {
        Files.createDirectories(folder.resolve("plugins"));
        Path jar = PluginJars.build(
                folder.resolve("plugins/failing.jar"),
                PluginJars.FAILING_SOURCES,
                OptimizerProvider.class.getName(),
                List.of("failing.Crashing", "failing.Unlinked"));

        CommandLineRun crashing =
                train(config(SYNTHETIC_RUN.replace("{ name: adam, lr: 0.001 }", "{ name: crashing }")));
        CommandLineRun asBase = train(config(SYNTHETIC_RUN.replace(
                "{ name: adam, lr: 0.001 }", "{ name: sam, rho: 0.05, base: { name: crashing } }")));
        CommandLineRun unlinked =
                train(config(SYNTHETIC_RUN.replace("{ name: adam, lr: 0.001 }", "{ name: unlinked }")));

        assertThat(crashing.exitCode()).as(crashing.err()).isEqualTo(1);
        assertThat(crashing.err())
                .isEqualTo("error: optimizer plugin 'crashing' from " + jar + " failed to create optimizer:"
                        + " IllegalStateException: needs a GPU, found none" + System.lineSeparator());
        assertThat(asBase.exitCode()).isEqualTo(1);
        assertThat(asBase.err())
                .as("the plugin that failed, not the one that asked for it")
                .startsWith("error: optimizer plugin 'crashing' from " + jar + " failed to create optimizer.base:"
                        + " IllegalStateException: needs a GPU, found none");
        assertThat(unlinked.exitCode()).isEqualTo(1);
        assertThat(unlinked.err())
                .startsWith("error: optimizer plugin 'unlinked' from " + jar + " failed to create optimizer:"
                        + " NoClassDefFoundError: org/cuda/Driver");
    }

    @Test
    void aJarShadowingABuiltInBlocksOnlyConfigsThatNameItAndBrokenJarsBlockNothing() throws IOException {
        Files.createDirectories(folder.resolve("plugins"));
        PluginJars.build(
                folder.resolve("plugins/impostor.jar"),
                PluginJars.SECOND_ADAM_SOURCES,
                OptimizerProvider.class.getName(),
                List.of("impostor.AdamAgain"));
        PluginJars.build(
                folder.resolve("plugins/nameless.jar"),
                PluginJars.BROKEN_NAME_SOURCES,
                OptimizerProvider.class.getName(),
                List.of("broken.Nameless"));

        CommandLineRun adam = train(config(SYNTHETIC_RUN));
        CommandLineRun sgd = train(config(SYNTHETIC_RUN
                .replace("{ name: adam, lr: 0.001 }", "{ name: sgd, lr: 0.05 }")
                .replace("epochs: 3", "epochs: 1")));
        CommandLineRun listed = CommandLineRun.of(
                "plugins", "--plugins", folder.resolve("plugins").toString());

        assertThat(adam.exitCode()).isEqualTo(2);
        assertThat(adam.err())
                .contains("error: two optimizer plugins are named 'adam'")
                .contains(folder.resolve("plugins/impostor.jar").toString());
        assertThat(sgd.exitCode()).as(sgd.err()).isZero();
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out())
                .contains("CONFLICTS")
                .contains("optimizer adam: two optimizer plugins are named 'adam'")
                .contains("sgd");
    }

    @Test
    void aRunThatFailedOnBadDataDoesNotBlockTheRerun() throws IOException {
        Path data = Cifar10Files.write(folder.resolve("data"));
        Path batch = data.resolve("data_batch_3.bin");
        byte[] whole = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(whole, 1000));
        Path config = config(SYNTHETIC_RUN
                .replace(
                        "{ name: synthetic, trainSize: 1000, testSize: 300 }",
                        "{ name: cifar10, root: '" + folder.resolve("data") + "', trainLimit: 200, testLimit: 100 }")
                .replace("epochs: 3", "epochs: 1"));

        CommandLineRun failed = train(config);
        Files.write(batch, whole);
        CommandLineRun rerun = train(config);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains(batch.toString());
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(metrics()).hasSize(1);
    }

    @Test
    void aFullDiskNamesTheFileAndLeavesNoPartialCheckpoint() throws Exception {
        Path disk = Files.createDirectories(folder.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(
                mount.waitFor() == 0, "needs to mount a 1 MB tmpfs (root, outside a restricted container): skipped");
        try {
            Path config = config(
                    SYNTHETIC_RUN.replace("hidden: [64]", "hidden: [256]").replace("epochs: 3", "epochs: 1"));
            Path out = disk.resolve("run");

            CommandLineRun run = CommandLineRun.of(
                    "train",
                    config.toString(),
                    "--out",
                    out.toString(),
                    "--plugins",
                    folder.resolve("plugins").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains("error: cannot write " + out.resolve("checkpoint/last.ckpt")
                            + " (No space left on device)");
            try (var left = Files.list(out.resolve("checkpoint"))) {
                assertThat(left).as("no temporary file left behind").isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }

    @Test
    void trainsOnGrayscaleMnistFilesFromDatasetRoot() throws IOException {
        IdxFiles.write(folder.resolve("mnist"));

        CommandLineRun run = trainOneEpochOn("{ name: mnist, root: '" + folder.resolve("mnist") + "' }");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(metrics()).hasSize(1);
        assertThat(metrics().get(0)[1]).as("200 images in batches of 50").isEqualTo("4");
        assertThat(Files.readString(folder.resolve("out/config.yaml"))).contains("name: mnist");
    }

    @Test
    void readsCifar10FilesFromDatasetRoot() throws IOException {
        Cifar10Files.write(folder.resolve("data"));

        CommandLineRun run = trainOneEpochOn(
                "{ name: cifar10, root: '" + folder.resolve("data") + "', trainLimit: 400, testLimit: 100 }");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(metrics()).hasSize(1);
        assertThat(metrics().get(0)[1]).as("400 images in batches of 50").isEqualTo("8");
    }

    @Test
    void aBadConfigExitsWithCode2AndNamesTheKeyBeforeAnythingRuns() throws IOException {
        CommandLineRun run = train(config(SYNTHETIC_RUN.replace("lr: 0.001", "lrr: 0.001")));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: optimizer.lrr: unknown key").contains("did you mean 'lr'?");
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void missingDatasetFilesFailTheRunWithWhereItLooked() throws IOException {
        CommandLineRun run = train(config(SYNTHETIC_RUN.replace(
                "{ name: synthetic, trainSize: 1000, testSize: 300 }",
                "{ name: cifar10, download: false, root: '" + folder.resolve("no-data") + "' }")));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("error: cifar10: its files are in none of")
                .contains("download is off")
                .contains(folder.resolve("no-data").toString());
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void aDivergingRunStopsNamingTheStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        CommandLineRun run =
                train(config(SYNTHETIC_RUN.replace("{ name: adam, lr: 0.001 }", "{ name: poison, at: 25 }")));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: step 25: the gradient of ").contains("is not finite");
        assertThat(metrics()).hasSize(1);
        try (var zip = new ZipFile(folder.resolve("out/checkpoint/last.ckpt").toFile());
                var in = new DataInputStream(zip.getInputStream(zip.getEntry("model.bin")))) {
            assertThat(Nd4j.read(in).sumNumber().doubleValue())
                    .as("no NaN saved")
                    .isFinite();
            assertThat(new String(
                            zip.getInputStream(zip.getEntry("progress.json")).readAllBytes(), StandardCharsets.UTF_8))
                    .contains("\"epoch\":1,\"batchesDone\":0");
        }
    }

    @Test
    void aRunFolderThatCannotBeCreatedIsAClearError() throws IOException {
        Files.writeString(folder.resolve("a-file"), "not a folder");

        CommandLineRun run = CommandLineRun.of(
                "train",
                config(SYNTHETIC_RUN).toString(),
                "--out",
                folder.resolve("a-file/run").toString(),
                "--plugins",
                folder.resolve("plugins").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot create the run folder " + folder.resolve("a-file/run"));
    }

    @Test
    void anExistingRunFolderIsKeptUnlessForced() throws IOException {
        Path config = config(SYNTHETIC_RUN.replace("epochs: 3", "epochs: 1"));
        assertThat(train(config).exitCode()).isZero();
        String firstSession = Files.readString(folder.resolve("out/provenance.json"));

        CommandLineRun refused = train(config);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains("already holds a run (1 epochs done)")
                .contains("--resume")
                .contains("--force");
        assertThat(folder.resolve("out/provenance.json")).hasContent(firstSession);

        assertThat(train(config, "--force").exitCode()).isZero();
        assertThat(Files.readString(folder.resolve("out/provenance.json"))).isNotEqualTo(firstSession);
        assertThat(metrics()).hasSize(1);
    }

    @Test
    void userFilesWithSamLabsNamesAreNeverReplacedWithoutForce() throws IOException {
        Path out = Files.createDirectories(folder.resolve("out"));
        for (String name : List.of("report.md", "metrics.csv", "config.yaml")) {
            Files.writeString(out.resolve(name), "my own " + name);
        }
        Path config = config(SYNTHETIC_RUN.replace("epochs: 3", "epochs: 1"));

        for (CommandLineRun refused : List.of(train(config), train(config, "--resume"))) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err())
                    .contains("holds files with the names SamLab gives its own (config.yaml, metrics.csv, report.md)")
                    .contains("no run SamLab can show it started there")
                    .contains("--force");
        }
        for (String name : List.of("report.md", "metrics.csv")) {
            assertThat(out.resolve(name)).hasContent("my own " + name);
        }

        assertThat(train(config, "--force").exitCode()).isZero();
        assertThat(metrics()).hasSize(1);
    }

    @Test
    void aRunThatFailedBeforeItsFirstCheckpointIsStartedOverOnlyWhileItsFilesProveItSamLabs() throws IOException {
        Path poisoned = config(SYNTHETIC_RUN.replace("{ name: adam, lr: 0.001 }", "{ name: poison, at: 5 }"));
        assertThat(train(poisoned).exitCode()).isEqualTo(1);
        assertThat(folder.resolve("out/checkpoint/last.ckpt")).doesNotExist();
        Path provenance = folder.resolve("out/provenance.json");
        String original = Files.readString(provenance);

        Files.writeString(provenance, original.replaceAll("\"runId\" : \"[^\"]+\"", "\"runId\" : \"another\""));
        CommandLineRun notProven = train(config(SYNTHETIC_RUN.replace("epochs: 3", "epochs: 1")));
        assertThat(notProven.exitCode()).as(notProven.err()).isEqualTo(2);
        assertThat(notProven.err()).contains("no run SamLab can show it started there");

        Files.writeString(provenance, original);
        CommandLineRun rerun = train(config(SYNTHETIC_RUN.replace("epochs: 3", "epochs: 1")));
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(metrics()).hasSize(1);
    }

    @Test
    void forceDeletesOnlyWhatSamLabWroteAndRefusesWhenTheFolderHoldsMore() throws IOException {
        Path config = config(SYNTHETIC_RUN.replace("epochs: 3", "epochs: 1"));
        assertThat(train(config).exitCode()).isZero();
        Files.writeString(folder.resolve("out/notes.txt"), "my notes on this run");
        Files.writeString(folder.resolve("out/checkpoint/best.ckpt"), "a checkpoint I copied");

        CommandLineRun forced = train(config, "--force");

        assertThat(forced.exitCode()).isEqualTo(2);
        assertThat(forced.err())
                .contains("holds files SamLab did not write (checkpoint/best.ckpt, notes.txt);"
                        + " refusing to delete them");
        assertThat(folder.resolve("out/notes.txt")).exists();
        assertThat(folder.resolve("out/checkpoint/best.ckpt")).exists();
        assertThat(folder.resolve("out/checkpoint/last.ckpt")).exists();
    }

    @Test
    void forceRefusesAProjectFolderEvenWithAConfigYamlInIt() throws IOException {
        Path project = Files.createDirectories(folder.resolve("project"));
        Files.writeString(project.resolve("config.yaml"), "my project's own config");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createDirectories(project.resolve("src/main"));

        CommandLineRun run = CommandLineRun.of(
                "train",
                config(SYNTHETIC_RUN).toString(),
                "--out",
                project.toString(),
                "--force",
                "--plugins",
                folder.resolve("plugins").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("holds files SamLab did not write (pom.xml, src)");
        assertThat(project.resolve("config.yaml")).hasContent("my project's own config");
        assertThat(project.resolve("src/main")).isDirectory();
    }

    @Test
    void aRunNameMustBeAPlainFolderName() throws IOException {
        for (String name : List.of("../../x", "a/b", "..", ".")) {
            CommandLineRun run = CommandLineRun.of(
                    "train",
                    config(SYNTHETIC_RUN).toString(),
                    "--set",
                    "name=" + name,
                    "--plugins",
                    folder.resolve("plugins").toString());

            assertThat(run.exitCode()).as(name).isEqualTo(2);
            assertThat(run.err())
                    .as(name)
                    .contains("error: name: expected a plain folder name")
                    .contains("'" + name + "'");
        }
        CommandLineRun inFile = CommandLineRun.of(
                "train",
                config(SYNTHETIC_RUN.replace("name: quick", "name: ../../x")).toString(),
                "--plugins",
                folder.resolve("plugins").toString());
        assertThat(inFile.exitCode()).isEqualTo(2);
        assertThat(Path.of("runs", "../../x").normalize()).doesNotExist();
    }

    @Test
    void forceNeverDeletesAFolderThatIsNotARun() throws IOException {
        Files.createDirectories(folder.resolve("out"));
        Files.writeString(folder.resolve("out/thesis.tex"), "precious");

        CommandLineRun run = train(config(SYNTHETIC_RUN), "--force");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("holds files SamLab did not write (thesis.tex); refusing to delete them");
        assertThat(folder.resolve("out/thesis.tex")).hasContent("precious");
    }
}
