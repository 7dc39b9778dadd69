package dev.samlab.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
            RemoteFile file =
                    new RemoteFile(server.serve("data.bin", source, TestServer.Mode.WHOLE), "data.bin", md5(source));

            Path saved = new Downloader().fetch(file, folder.resolve("cache"));

            assertThat(saved).isEqualTo(folder.resolve("cache/data.bin")).hasSameBinaryContentAs(source);
            assertThat(folder.resolve("cache").toFile().list())
                    .containsExactly(saved.getFileName().toString());
        }
    }

    @Test
    void aChecksumMismatchDiscardsTheDownload() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(
                    server.serve("data.bin", source, TestServer.Mode.WHOLE),
                    "data.bin",
                    "00000000000000000000000000000000");

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("expected MD5 00000000000000000000000000000000")
                    .hasMessageContaining(md5(source))
                    .hasMessageContaining(file.uri().toString());
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    void aConnectionCutHalfWayLeavesNoFileBehind() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(
                    server.serve("data.bin", source, TestServer.Mode.CUT_HALFWAY), "data.bin", md5(source));

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(file.uri().toString())
                    .hasMessageContaining("partial download was discarded");
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    void moreBytesThanTheFileHasStopTheDownload() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(
                    server.serve("data.bin", source, TestServer.Mode.WHOLE), "data.bin", md5(source), 1_000_000);

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessage(file.uri() + ": the server sent more than the 1,000,000 bytes data.bin has;"
                            + " the download was discarded");
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    void moreBytesThanTheContentLengthAnnouncedStopTheDownload() throws Exception {
        try (OverlongServer server = new OverlongServer(1000, Files.readAllBytes(payload()))) {
            RemoteFile file = new RemoteFile(server.uri("data.bin"), "data.bin", "x");

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessage(file.uri() + ": the server sent more than the 1,000 bytes its Content-Length"
                            + " announced; the download was discarded");
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a socket read ignores interrupts
    void aTrickleThatNeverStallsIsEndedAtTheDeadline() throws Exception {
        try (TestServer server = new TestServer()) {
            RemoteFile file =
                    new RemoteFile(server.serve("data.bin", payload(), TestServer.Mode.TRICKLE), "data.bin", "x");

            assertThatThrownBy(() -> new Downloader(Downloader.DEFAULT_STALL_TIMEOUT, Duration.ofSeconds(2))
                            .fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessageMatching(Pattern.quote(file.uri() + ": not complete at its 2 s deadline, with ")
                            + "[1-9] bytes arrived; gave up and discarded them"
                            + Pattern.quote(" (a slow line? -Dsamlab.download.deadline=PT4H in SAMLAB_JAVA_OPTS"
                                    + " allows 4 hours)"));
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    void theDeadlineIsTwoHoursUnlessItsPropertySaysOtherwise() {
        assertThat(Downloader.deadline(null)).isEqualTo(Duration.ofHours(2));
        assertThat(Downloader.deadline("PT4H")).isEqualTo(Duration.ofHours(4));
        assertThat(Downloader.deadline(" 90 ")).as("minutes").isEqualTo(Duration.ofMinutes(90));
        for (String bad : List.of("soon", "", "0", "PT0S", "-PT1H", "1.5")) {
            assertThatThrownBy(() -> Downloader.deadline(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("samlab.download.deadline: expected a positive ISO-8601 duration such as PT4H, or a"
                            + " number of minutes such as 240, got '" + bad + "'");
        }
    }

    @Test
    void aStandInCheckedAgainstAnotherMd5HasNoPublishedSize() {
        RemoteFile official =
                new RemoteFile(URI.create("https://example.org/data.bin"), "data.bin", "abc", 170_052_171);

        assertThat(official.checkedAgainst("abc")).isSameAs(official);
        assertThat(official.from("http://127.0.0.1:8000/").size())
                .as("a mirror of it")
                .isEqualTo(170_052_171);
        assertThat(official.checkedAgainst("def"))
                .isEqualTo(new RemoteFile(official.uri(), "data.bin", "def", RemoteFile.UNKNOWN_SIZE));
    }

    @Test
    void aMissingFileIsReportedWithTheHttpStatus() throws Exception {
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(server.base().resolve("absent.bin"), "absent.bin", "x");

            assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 404");
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    void aMirrorReplacesEverythingBeforeTheFileName() {
        RemoteFile official = new RemoteFile(URI.create("https://example.org/a/b/data.tar.gz"), "data.tar.gz", "x");

        assertThat(official.from("http://127.0.0.1:8000/mirror").uri().toString())
                .isEqualTo("http://127.0.0.1:8000/mirror/data.tar.gz");
        assertThat(official.from(null)).isSameAs(official);
    }

    @Test
    void aMirrorMustBeAnHttpAddress() {
        RemoteFile.checkMirror("https://example.org/cifar/");
        for (String bad : List.of("ftp://example.org/x", "/home/me/cifar", "http//typo", "http:///no-host")) {
            assertThatThrownBy(() -> RemoteFile.checkMirror(bad))
                    .as(bad)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("mirror: expected an http:// or https:// address of the folder holding the files, got '"
                            + bad + "'");
        }
    }

    @Test
    void aMirrorPortMustBeAPort() {
        for (String bad : List.of("http://127.0.0.1:99999/", "http://127.0.0.1:0/")) {
            assertThatThrownBy(() -> RemoteFile.checkMirror(bad))
                    .as(bad)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("mirror: expected an http:// or https:// address of the folder holding the files, got '"
                            + bad + "' (a port is 1 to 65535)");
        }
        RemoteFile.checkMirror("http://127.0.0.1:65535/");
    }

    @Test
    void aServerThatStallsMidFileFailsAfterTheStallTimeoutNamingIt() throws Exception {
        Path source = payload();
        try (TestServer server = new TestServer()) {
            RemoteFile file = new RemoteFile(
                    server.serve("data.bin", source, TestServer.Mode.STALL_HALFWAY), "data.bin", md5(source));

            assertThatThrownBy(() -> new Downloader(Duration.ofSeconds(1), Downloader.DEFAULT_DEADLINE)
                            .fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(file.uri().toString())
                    .hasMessageContaining("sent nothing for 1 s after 1500000 bytes; gave up")
                    .hasMessageContaining("partial download (1500000 bytes) was discarded");
            assertThat(folder.resolve("cache")).isEmptyDirectory();
        }
    }

    @Test
    void aServerThatNeverAnswersFailsAfterTheStallTimeout() throws Exception {
        try (TestServer server = new TestServer()) {
            RemoteFile file =
                    new RemoteFile(server.serve("data.bin", payload(), TestServer.Mode.SILENT), "data.bin", "x");
            long start = System.nanoTime();

            assertThatThrownBy(() -> new Downloader(Duration.ofSeconds(1), Downloader.DEFAULT_DEADLINE)
                            .fetch(file, folder.resolve("cache")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("sent nothing for 1 s before answering");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(server.requests()).as("asked once").isEqualTo(1);
        }
    }

    @Test
    void anUnreachableHostIsNamedWithTheCause() {
        RemoteFile file = new RemoteFile(URI.create("http://127.0.0.1:9/data.bin"), "data.bin", "x");

        assertThatThrownBy(() -> new Downloader().fetch(file, folder.resolve("cache")))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "http://127.0.0.1:9/data.bin: cannot connect to 127.0.0.1:9 (ConnectException: Connection refused)");
    }

    @Test
    void partialFilesOfKilledDownloadsAreRemovedOnceStale() throws Exception {
        Path source = payload();
        Path cache = Files.createDirectories(folder.resolve("cache"));
        Path abandoned = Files.writeString(cache.resolve("data.bin.123.part"), "left by kill -9");
        Path live = Files.writeString(cache.resolve("data.bin.456.part"), "another download, still running");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minusSeconds(3600)));
        try (TestServer server = new TestServer()) {
            RemoteFile file =
                    new RemoteFile(server.serve("data.bin", source, TestServer.Mode.WHOLE), "data.bin", md5(source));

            new Downloader().fetch(file, cache);
        }
        assertThat(abandoned).doesNotExist();
        assertThat(live).exists();
    }

    @Test
    void ctrlCDuringADownloadSaysSoAndRemovesThePartialFile() throws Exception {
        Path source = payload();
        Path cache = folder.resolve("cache");
        try (TestServer server = new TestServer()) {
            URI uri = server.serve("data.bin", source, TestServer.Mode.STALL_HALFWAY);
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            DownloadMain.class.getName(),
                            uri.toString(),
                            cache.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("out.log").toFile())
                    .start();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partials(cache) == 0 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(partials(cache)).as("downloading").isEqualTo(1);

            process.destroy(); // SIGTERM, which runs the same shutdown hooks as Ctrl-C's SIGINT
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(folder.resolve("out.log"));

            assertThat(output).contains("the download of " + uri + " was stopped; the partial file");
            assertThat(partials(cache)).isZero();
        }
    }

    private static long partials(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".part")).count();
        }
    }

    /** A download in a process of its own, to be stopped. */
    public static final class DownloadMain {
        public static void main(String[] args) throws IOException {
            new Downloader().fetch(new RemoteFile(URI.create(args[0]), "data.bin", "x"), Path.of(args[1]));
        }
    }
}
