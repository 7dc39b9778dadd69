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
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Downloads a file into a folder with a progress bar, checks it against its published MD5, and only then gives
 * it its name: an interrupted or corrupt download never leaves a file that looks complete. Ctrl-C removes the
 * partial file on its way out.
 *
 * <p>No download goes on forever. It fails when the server sends nothing for the stall timeout (before answering
 * or mid-file); when it sends more bytes than the file has ({@link RemoteFile#size()}, where known) or than its
 * Content-Length announced; and when the file is not complete by the deadline, however steadily it trickles. The
 * deadline, per file, is {@link #DEFAULT_DEADLINE} unless the system property {@value #DEADLINE_PROPERTY} sets
 * another, as an ISO-8601 duration ({@code PT4H}) or in minutes ({@code 240}): for a slow line,
 * {@code SAMLAB_JAVA_OPTS=-Dsamlab.download.deadline=PT4H bin/samlab train ...}. It is checked as bytes arrive, so
 * a download ends at most one stall timeout after it.
 */
public final class Downloader {

    /** How long a server may stay silent before the download is given up. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    /** How long a download may take, from asking to the last byte, unless {@value #DEADLINE_PROPERTY} says. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofHours(2);

    /** The system property that sets the deadline. */
    public static final String DEADLINE_PROPERTY = "samlab.download.deadline";

    private static final String PARTIAL_SUFFIX = ".part";

    private final Duration stallTimeout;
    private final Duration deadline;

    /** The default stall timeout, and the deadline {@value #DEADLINE_PROPERTY} sets or else the default one. */
    public Downloader() {
        this(DEFAULT_STALL_TIMEOUT, deadline(System.getProperty(DEADLINE_PROPERTY)));
    }

    public Downloader(Duration stallTimeout, Duration deadline) {
        this.stallTimeout = stallTimeout;
        this.deadline = deadline;
    }

    /** Reads a {@value #DEADLINE_PROPERTY} value: null is the default. */
    static Duration deadline(String value) {
        if (value == null) {
            return DEFAULT_DEADLINE;
        }
        String text = value.strip();
        Duration deadline;
        try {
            deadline = text.matches("\\d+") ? Duration.ofMinutes(Long.parseLong(text)) : Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw invalidDeadline(value, e);
        }
        if (deadline.isZero() || deadline.isNegative()) {
            throw invalidDeadline(value, null);
        }
        return deadline;
    }

    private static IllegalArgumentException invalidDeadline(String value, Exception cause) {
        return new IllegalArgumentException(
                DEADLINE_PROPERTY + ": expected a positive ISO-8601 duration such as PT4H, or a number of minutes"
                        + " such as 240, got '" + value + "'",
                cause);
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
        long started = System.nanoTime();
        HttpURLConnection connection = open(file.uri());
        long received = 0;
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException(file.uri() + ": the server answered HTTP " + status);
            }
            long expected = connection.getContentLengthLong();
            Limit limit = Limit.of(file, expected);
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
                    if (received > limit.bytes()) {
                        throw new IOException(file.uri() + ": the server sent more than the " + limit
                                + "; the download was discarded");
                    }
                    if (Duration.ofNanos(System.nanoTime() - started).compareTo(deadline) > 0) {
                        throw pastDeadline(file.uri(), received);
                    }
                }
            }
            if (expected >= 0 && received < expected) {
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

    private IOException pastDeadline(URI uri, long received) {
        return new IOException(String.format(
                Locale.ROOT,
                "%s: not complete at its %s deadline, with %,d bytes arrived; gave up and discarded them"
                        + " (a slow line? -D%s=PT4H in SAMLAB_JAVA_OPTS allows 4 hours)",
                uri,
                inWords(deadline),
                received,
                DEADLINE_PROPERTY));
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

    /** The most bytes a download may bring, and where that number comes from, for the message. */
    private record Limit(long bytes, String source) {

        /** The tighter of the file's published size and the server's Content-Length, either maybe unknown (-1). */
        static Limit of(RemoteFile file, long contentLength) {
            Limit limit = new Limit(Long.MAX_VALUE, "no limit");
            if (file.size() >= 0) {
                limit = new Limit(file.size(), file.fileName() + " has");
            }
            if (contentLength >= 0 && contentLength < limit.bytes()) {
                limit = new Limit(contentLength, "its Content-Length announced");
            }
            return limit;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d bytes %s", bytes, source);
        }
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

    private static String inWords(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
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
