package dev.samlab.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Downloads a file into a folder with a progress bar, checks it against its published MD5, and only then gives
 * it its name: an interrupted or corrupt download never leaves a file that looks complete.
 */
public final class Downloader {

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

    /** @return the verified file, {@code folder/fileName} */
    public Path fetch(RemoteFile file, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(file.fileName());
        Path partial = Files.createTempFile(folder, file.fileName() + ".", ".part");
        try {
            String md5 = download(file, partial);
            if (!md5.equals(file.md5())) {
                throw new IOException(file.uri() + ": checksum mismatch, expected MD5 " + file.md5() + " but the"
                        + " download has " + md5 + "; the download was discarded");
            }
            return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private String download(RemoteFile file, Path partial) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(file.uri()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(file.uri() + ": download interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(file.uri() + ": the server answered HTTP " + response.statusCode());
        }
        long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest digest = md5();
        long received = 0;
        ProgressBarBuilder bar = new ProgressBarBuilder().setTaskName(file.fileName()).setInitialMax(expected)
                .setUnit(" MB", 1 << 20).setStyle(ProgressBarStyle.ASCII).showSpeed();
        try (InputStream in = ProgressBar.wrap(new DigestInputStream(response.body(), digest), bar);
             OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                received += n;
            }
        } catch (IOException e) {
            throw new IOException(file.uri() + ": the connection broke after " + received + " bytes ("
                    + e.getMessage() + "); the partial download was discarded", e);
        }
        if (expected >= 0 && received != expected) {
            throw new IOException(file.uri() + ": the connection closed after " + received + " of " + expected
                    + " bytes; the partial download was discarded");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
