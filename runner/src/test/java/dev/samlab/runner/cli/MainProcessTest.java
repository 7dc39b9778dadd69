package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.samlab.datasets.cifar.Cifar10Files;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code main} in its own JVM: exit codes reach the shell, and SAMLAB_DATA is honoured. */
class MainProcessTest {

    @TempDir
    Path folder;

    private record Result(int exitCode, String output) {}

    private Result samlab(List<String> arguments, String samlabData) throws IOException, InterruptedException {
        return samlab(List.of(), arguments, samlabData);
    }

    private Result samlab(List<String> jvmOptions, List<String> arguments, String samlabData)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SamLab.class.getName()));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().remove("SAMLAB_DATA");
        if (samlabData != null) {
            builder.environment().put("SAMLAB_DATA", samlabData);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void trainsOnCifar10FilesFoundThroughSamlabData() throws Exception {
        Cifar10Files.write(folder.resolve("datasets"));
        Path config = Files.writeString(folder.resolve("cifar.yaml"), """
                model:     { name: mlp, hidden: [32] }
                dataset:   { name: cifar10, trainLimit: 300, testLimit: 100 }
                optimizer: adam
                training:  { epochs: 1, batchSize: 100 }
                """);

        Result result = samlab(
                List.of(
                        "train",
                        config.toString(),
                        "--plugins",
                        folder.resolve("p").toString()),
                folder.resolve("elsewhere") + File.pathSeparator + folder.resolve("datasets"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("cifar: final test accuracy").contains("300 training and 100 test images");
        assertThat(folder.resolve("runs/cifar/metrics.csv")).exists();
    }

    @Test
    void aFullHeapIsOneLineThatSaysHowToGiveMore() throws Exception {
        Path config = Files.writeString(folder.resolve("big.yaml"), """
                model:     { name: mlp, hidden: [32] }
                dataset:   { name: synthetic, trainSize: 400000, testSize: 100 }
                optimizer: adam
                """);

        Result result = samlab(
                List.of("-Xmx96m"),
                List.of(
                        "train",
                        config.toString(),
                        "--plugins",
                        folder.resolve("p").toString()),
                null);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("error: the Java heap is full (0.1 GiB) while loading the dataset's train images (the heap"
                        + " holds them, as bytes; dataset.trainLimit and testLimit keep fewer)")
                .contains("SAMLAB_JAVA_OPTS=-Xmx4g")
                .doesNotContain("\tat ");
    }

    @Test
    void aLoneCheckpointWritesIntoTheWorkingFolderAndNeverDownloadsFromTheMirrorItNames() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        mirror.start();
        try {
            Cifar10Files.write(folder.resolve("data"));
            Path config = Files.writeString(folder.resolve("cifar.yaml"), """
                    model:     { name: mlp, hidden: [16] }
                    dataset:   { name: cifar10, root: '%s', mirror: 'http://127.0.0.1:%d/', trainLimit: 200, testLimit: 100 }
                    optimizer: adam
                    training:  { epochs: 1, batchSize: 100 }
                    """.formatted(
                            folder.resolve("data"), mirror.getAddress().getPort()));
            Path run = CommandLineRun.train(config, folder.resolve("run"));
            Files.copy(run.resolve("checkpoint/last.ckpt"), folder.resolve("lone.ckpt"));
            List<String> eval = List.of(
                    "eval", "lone.ckpt", "--plugins", folder.resolve("p").toString());
            Files.move(folder.resolve("data"), folder.resolve("data-elsewhere"));

            Result noData = samlab(eval, null);

            assertThat(noData.exitCode()).as(noData.output()).isEqualTo(1);
            assertThat(noData.output())
                    .contains("lone.ckpt is a lone checkpoint: its dataset is read from local files");
            assertThat(requests).as("requests to the checkpoint's mirror").hasValue(0);

            Cifar10Files.write(folder.resolve("data"));
            Result first = samlab(eval, null);
            Result second = samlab(eval, null);

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(folder.resolve("confusion.png")).exists();
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.output())
                    .contains(folder.resolve("confusion.png") + " exists, and a lone checkpoint's results go to the"
                            + " working folder: replace it with --force");
        } finally {
            mirror.stop(0);
        }
    }

    @Test
    void aBadConfigExitsWithCode2() throws Exception {
        Path config = Files.writeString(folder.resolve("bad.yaml"), "model: { name: mlp }\n");

        Result result = samlab(
                List.of(
                        "train",
                        config.toString(),
                        "--plugins",
                        folder.resolve("p").toString()),
                null);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("error: dataset: missing");
    }
}
