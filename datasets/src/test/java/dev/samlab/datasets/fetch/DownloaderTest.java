package dev.samlab.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {

    @TempDir
    Path folder;

    private Path payload() throws Exception {
        byte[] bytes = new byte[3_000_000];
        new Random(1).nextBytes(bytes);
        return Files.write(folder.resolve("source.bin"), bytes);
    }

    private static String md5(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }

    @Test
    void aVerifiedDownloadGetsItsName() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(server.serve("data.bin", source, false), "data.bin", md5(source));

            Path saved = new Downloader().fetch(file, folder.resolve("cache"));

            assertThat(saved).isEqualTo(folder.resolve("cache/data.bin")).hasSameBinaryContentAs(source);
            assertThat(Files.list(folder.resolve("cache"))).containsExactly(saved);
        }
    }

    @Test
    void aChecksumMismatchDiscardsTheDownload() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(server.serve("data.bin", source, false), "data.bin",
                    "00000000000000000000000000000000");

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class).hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("expected MD5 00000000000000000000000000000000")
                    .hasMessageContaining(md5(source)).hasMessageContaining(file.uri().toString());
            assertThat(Files.list(folder.resolve("cache"))).isEmpty();
        }
    }

    @Test
    void aConnectionCutHalfWayLeavesNoFileBehind() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(server.serve("data.bin", source, true), "data.bin", md5(source));

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class).hasMessageContaining(file.uri().toString())
                    .hasMessageContaining("partial download was discarded");
            assertThat(Files.list(folder.resolve("cache"))).isEmpty();
        }
    }

    @Test
    void aMissingFileIsReportedWithTheHttpStatus() throws Exception {
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(server.base().resolve("absent.bin"), "absent.bin", "x");

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
            assertThat(Files.list(folder.resolve("cache"))).isEmpty();
        }
    }

    @Test
    void aMirrorReplacesEverythingBeforeTheFileName() {
        RemoteFile official = new RemoteFile(java.net.URI.create("https://example.org/a/b/data.tar.gz"), "data.tar.gz", "x");

        assertThat(official.from("http://127.0.0.1:8000/mirror").uri().toString())
                .isEqualTo("http://127.0.0.1:8000/mirror/data.tar.gz");
        assertThat(official.from(null)).isSameAs(official);
    }
}
