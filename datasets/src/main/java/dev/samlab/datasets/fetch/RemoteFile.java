package dev.samlab.datasets.fetch;

import dev.samlab.api.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A file as its publisher distributes it, with the checksum and size the publisher gives.
 *
 * <p>The size belongs to the published file: a stand-in checked against another MD5 (a test-built archive on a
 * mirror, see {@link #checkedAgainst}) has a size of its own, so it has none here, and only the server's
 * Content-Length and the {@link Downloader}'s deadline bound its download.
 *
 * @param fileName the name it is saved under
 * @param md5      lower-case hex MD5 of the whole file
 * @param size     the file's length in bytes, or {@link #UNKNOWN_SIZE}: a server that sends more is stopped
 */
public record RemoteFile(URI uri, String fileName, String md5, long size) {

    public static final long UNKNOWN_SIZE = -1;

    /** A file whose size is not published. */
    public RemoteFile(URI uri, String fileName, String md5) {
        this(uri, fileName, md5, UNKNOWN_SIZE);
    }

    /** Accepts a {@code mirror} config value: null (the official site) or an http(s) address of a folder. */
    public static void checkMirror(String mirror) {
        if (mirror == null) {
            return;
        }
        String problem =
                "expected an http:// or https:// address of the folder holding the files, got '" + mirror + "'";
        URI uri;
        try {
            uri = new URI(mirror);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException("mirror", problem + " (" + e.getReason() + ")");
        }
        InvalidConfigException.check(
                ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                "mirror",
                problem);
        // URI takes any digits for a port; unchecked, the download would fail with a bare "port out of range"
        InvalidConfigException.check(
                uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535),
                "mirror",
                problem + " (a port is 1 to 65535)");
    }

    /** The same file fetched from a mirror: {@code mirror} replaces everything before the file name. */
    public RemoteFile from(String mirror) {
        if (mirror == null) {
            return this;
        }
        return new RemoteFile(
                URI.create(mirror.endsWith("/") ? mirror : mirror + "/").resolve(fileName), fileName, md5, size);
    }

    /** This file, or with another MD5 a stand-in for it, whose size is not known (see above). */
    public RemoteFile checkedAgainst(String otherMd5) {
        return md5.equals(otherMd5) ? this : new RemoteFile(uri, fileName, otherMd5);
    }
}
