package dev.samlab.runner.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.datasets.cifar.Cifar10Files;
import dev.samlab.datasets.fetch.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline command as a user runs it: {@code bin/samlab train} on the packaged runner (its jar and
 * {@code target/lib}, the classpath users get), downloading CIFAR-10 from a mirror on 127.0.0.1, checking its MD5,
 * unpacking it and training. The archive is built by the test, so its checksum is given through the test-only
 * system property; the official one stays the default.
 */
class PackagedDownloadIT {

    @TempDir
    static Path shared;

    static Path archive;
    static TestServer server;

    @TempDir
    Path home;

    @BeforeAll
    static void serveArchive() throws IOException {
        archive = Cifar10Files.writeArchive(shared);
        server = new TestServer();
        server.serve("cifar-10-binary.tar.gz", archive, TestServer.Mode.WHOLE);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** {@code samlab train CONFIG} with the data cache and plugins folder inside the test's folder. */
    private Launcher.Result train(String javaOptions, Path config) throws Exception {
        return Launcher.run(
                home,
                javaOptions,
                List.of(
                        "train",
                        config.toString(),
                        "--data-cache",
                        home.resolve("cache").toString(),
                        "--plugins",
                        home.resolve("plugins").toString()));
    }

    private Path config(String dataset) throws IOException {
        return Files.writeString(home.resolve("cifar.yaml"), """
                model:     { name: mlp, hidden: [32] }
                dataset:   %s
                optimizer: adam
                training:  { epochs: 1, batchSize: 100 }
                """.formatted(dataset));
    }

    @Test
    void downloadsChecksUnpacksAndTrainsOnThePackagedClasspath() throws Exception {
        int before = server.requests();
        Path config = config("{ name: cifar10, mirror: '" + server.base() + "', trainLimit: 500, testLimit: 200 }");

        Launcher.Result result = train("-Dsamlab.test.cifar10.md5=" + Cifar10Files.md5(archive), config);

        assertThat(result.output()).doesNotContain("building the runner");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("500 training and 200 test images").contains("final test accuracy");
        try (var cached = Files.list(home.resolve("cache"))) {
            assertThat(cached.map(p -> p.getFileName().toString()))
                    .as("unpacked; no archive or partial file left")
                    .containsExactly("cifar-10-batches-bin");
        }
        assertThat(server.requests() - before).as("downloaded once").isEqualTo(1);
        assertThat(home.resolve("runs/cifar/metrics.csv")).exists();
    }

    @Test
    void aFailedDownloadIsTriedOnceAndSaysWhy() throws Exception {
        int before = server.requests();
        Path config = config("{ name: cifar10, mirror: '" + server.base() + "' }");

        Launcher.Result result = train("", config); // the official checksum: the test archive fails it

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("checksum mismatch, expected MD5 c32a1d4ab5d03f1284b67883e8d87530");
        assertThat(server.requests() - before).as("one GET per run").isEqualTo(1);
        assertThat(home.resolve("runs/cifar"))
                .as("no run folder for a run that never started")
                .doesNotExist();
    }

    @Test
    void aMirrorThatIsNotAnHttpAddressIsAConfigError() throws Exception {
        Launcher.Result result = train("", config("{ name: cifar10, mirror: /home/me/cifar }"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("error: dataset.mirror: expected an http:// or https:// address");
    }
}
