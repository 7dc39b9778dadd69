package dev.samlab.datasets.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.Dataset;
import dev.samlab.api.data.Split;
import dev.samlab.datasets.fetch.RemoteFile;
import dev.samlab.datasets.fetch.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads of a test-built cifar-10-binary.tar.gz from a server on 127.0.0.1. */
class Cifar10DownloadTest {

    @TempDir
    static Path shared;

    static Path archive;
    static String md5;
    static TestServer server;

    @TempDir
    Path cache;

    @BeforeAll
    static void buildArchive() throws Exception {
        archive = Cifar10Files.writeArchive(shared);
        md5 = Cifar10Files.md5(archive);
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private Dataset download(RemoteFile source, String mirror) {
        return new Cifar10Provider(source)
                .create(
                        new Cifar10Config(null, true, mirror, null, null, null, null, null, null, null),
                        new DataContext(List.of(shared.resolve("empty")), cache));
    }

    @Test
    void downloadsVerifiesAndUnpacksIntoTheCacheThenReadsIt() throws IOException {
        URI uri = server.serve("cifar-10-binary.tar.gz", archive, TestServer.Mode.WHOLE);

        Dataset cifar = download(new RemoteFile(uri, "cifar-10-binary.tar.gz", md5), null);

        assertThat(cifar.load(Split.TRAIN).size()).isEqualTo(50_000);
        assertThat(cifar.load(Split.TEST).labels()[3]).isEqualTo(Cifar10Files.label(50_003));
        assertThat(cache.toFile().list())
                .as("the archive and temporary folders are gone")
                .containsExactly("cifar-10-batches-bin");
        assertThat(download(new RemoteFile(URI.create("http://127.0.0.1:9/unreachable"), "x", "y"), null)
                        .load(Split.TEST)
                        .size())
                .as("the second time, the cache answers")
                .isEqualTo(10_000);
    }

    @Test
    void aMirrorIsUsedInsteadOfTheOfficialAddress() throws IOException {
        server.serve("cifar-10-binary.tar.gz", archive, TestServer.Mode.WHOLE);
        RemoteFile unreachable =
                new RemoteFile(URI.create("http://127.0.0.1:9/cifar-10-binary.tar.gz"), "cifar-10-binary.tar.gz", md5);

        assertThat(download(unreachable, server.base().toString())
                        .load(Split.TEST)
                        .size())
                .isEqualTo(10_000);
    }

    @Test
    void aHalfUnpackedFolderAndAnAbandonedUnpackAreReplaced() throws IOException {
        URI uri = server.serve("cifar-10-binary.tar.gz", archive, TestServer.Mode.WHOLE);
        Files.writeString(
                Files.createDirectories(cache.resolve("cifar-10-batches-bin")).resolve("data_batch_1.bin"),
                "unpacked in place until kill -9");
        Path abandoned = cache.resolve(".cifar-10-batches-bin.unpack-123");
        Files.writeString(
                Files.createDirectories(abandoned.resolve("cifar-10-batches-bin"))
                        .resolve("data_batch_1.bin"),
                "unpacked aside until kill -9");
        try (Stream<Path> files = Files.walk(abandoned)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
        }
        Path live = Files.createDirectories(cache.resolve(".cifar-10-batches-bin.unpack-456"));

        Dataset cifar = download(new RemoteFile(uri, "cifar-10-binary.tar.gz", md5), null);

        assertThat(cifar.load(Split.TEST).size()).isEqualTo(10_000);
        assertThat(cache.toFile().list())
                .as("the abandoned unpack is gone, one still being written is not")
                .containsExactlyInAnyOrder(
                        "cifar-10-batches-bin", live.getFileName().toString());
    }

    @Test
    void aChecksumMismatchFailsWithWhereItLookedAndLeavesNoDataBehind() throws IOException {
        URI uri = server.serve("cifar-10-binary.tar.gz", archive, TestServer.Mode.WHOLE);

        assertThatThrownBy(() -> download(
                        new RemoteFile(uri, "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530"), null))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cifar10: its files are in none of")
                .hasMessageContaining(shared.resolve("empty").toString())
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("(cifar-10-binary.tar.gz) from");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void aConnectionCutHalfWayFailsAndLeavesNoDataBehind() throws IOException {
        try (TestServer cutting = new TestServer()) {
            URI uri = cutting.serve("cifar-10-binary.tar.gz", archive, TestServer.Mode.CUT_HALFWAY);

            assertThatThrownBy(() -> download(new RemoteFile(uri, "cifar-10-binary.tar.gz", md5), null))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("the download failed")
                    .hasMessageContaining("partial download was discarded");
        }
        assertThat(cache).isEmptyDirectory();
    }
}
