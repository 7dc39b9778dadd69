package dev.samlab.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Downloads a file into a folder with a progress bar, checks it against its published MD5, and only then gives
 * it its name: an interrupted or corrupt download never leaves a file that looks complete. A server that sends
 * nothing for the stall timeout (before answering or mid-file) fails the download; so does Ctrl-C, which removes
 * the partial file on its way out.
 */
public final class Downloader {

    /** How long a server may stay silent before the download is given up. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    private static final String PARTIAL_SUFFIX = ".part";

    private final Duration stallTimeout;

    public Downloader() {
        this(DEFAULT_STALL_TIMEOUT);
    }

    public Downloader(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    /** @return the verified file, {@code folder/fileName} */
    public Path fetch(RemoteFile file, Path folder) throws IOException {
        Files.createDirectories(folder);
        removeAbandonedPartials(file, folder);
        Path target = folder.resolve(file.fileName());
        // The hook is registered before the partial file exists: a stop that sees the file always finds the hook.
        Path partial = folder.resolve(file.fileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + PARTIAL_SUFFIX);
        Thread onCtrlC = new Thread(
                () -> {
                    System.err.printf(
                            "%nsamlab: the download of %s was stopped; the partial file %s was removed%n",
                            file.uri(), partial);
                    deleteQuietly(partial);
                },
                "samlab-download-stopped");
        try {
            Runtime.getRuntime().addShutdownHook(onCtrlC);
        } catch (IllegalStateException shuttingDown) {
            throw new InterruptedIOException("the download of " + file.uri() + " was stopped before it began");
        }
        try {
            Files.createFile(partial);
            String md5 = download(file, partial);
            if (!md5.equals(file.md5())) {
                throw new IOException(file.uri() + ": checksum mismatch, expected MD5 " + file.md5() + " but the"
                        + " download has " + md5 + "; the download was discarded");
            }
            return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook is already cleaning up
            }
        }
    }

    private String download(RemoteFile file, Path partial) throws IOException {
        HttpURLConnection connection = open(file.uri());
        long received = 0;
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException(file.uri() + ": the server answered HTTP " + status);
            }
            long expected = connection.getContentLengthLong();
            MessageDigest digest = md5();
            ProgressBarBuilder bar = new ProgressBarBuilder()
                    .setTaskName(file.fileName())
                    .setInitialMax(expected)
                    .setUnit(" MB", 1 << 20)
                    .setStyle(ProgressBarStyle.ASCII)
                    .showSpeed();
            try (InputStream in = ProgressBar.wrap(new DigestInputStream(connection.getInputStream(), digest), bar);
                    OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, n);
                    received += n;
                }
            }
            if (expected >= 0 && received != expected) {
                throw new IOException(file.uri() + ": the connection closed after " + received + " of " + expected
                        + " bytes; the partial download was discarded");
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new IOException(failure(file.uri(), e, received), e);
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(URI uri) throws IOException {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IOException(uri + ": not an http(s) address");
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) stallTimeout.toMillis());
        connection.setReadTimeout((int) stallTimeout.toMillis()); // silence before the answer or between reads
        connection.setInstanceFollowRedirects(true);
        return connection;
    }

    /** Names the host and what went wrong, in words: a bare exception message can be null. */
    private String failure(URI uri, IOException e, long received) {
        if (e.getMessage() != null && e.getMessage().startsWith(uri.toString())) {
            return e.getMessage(); // already ours
        }
        String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String discarded = received > 0 ? "; the partial download (" + received + " bytes) was discarded" : "";
        if (e instanceof UnknownHostException) {
            return uri + ": cannot find the host " + uri.getHost() + " (no DNS answer; are you offline?)";
        }
        if (e instanceof ConnectException) {
            return uri + ": cannot connect to " + host + " (" + describe(e) + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return uri + ": " + host + " sent nothing for " + stallTimeout.toSeconds() + " s "
                    + (received > 0 ? "after " + received + " bytes" : "before answering") + "; gave up" + discarded;
        }
        return uri + ": the download from " + host + " failed after " + received + " bytes (" + describe(e) + ")"
                + discarded;
    }

    /**
     * Partial files nobody is writing to: a download that is alive writes more often than the stall timeout, so a
     * partial file older than that was left by a process that was killed.
     */
    private void removeAbandonedPartials(RemoteFile file, Path folder) throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(stallTimeout.multipliedBy(2)));
        try (DirectoryStream<Path> partials =
                Files.newDirectoryStream(folder, file.fileName() + ".*" + PARTIAL_SUFFIX)) {
            for (Path partial : partials) {
                if (Files.getLastModifiedTime(partial).compareTo(cutoff) < 0) {
                    deleteQuietly(partial);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort on the way out; the next download removes it once it is stale
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
