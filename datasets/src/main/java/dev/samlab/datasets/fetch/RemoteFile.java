package dev.samlab.datasets.fetch;

import dev.samlab.api.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A file as its publisher distributes it, with the checksum the publisher gives.
 *
 * @param fileName the name it is saved under
 * @param md5      lower-case hex MD5 of the whole file
 */
public record RemoteFile(URI uri, String fileName, String md5) {

    /** Accepts a {@code mirror} config value: null (the official site) or an http(s) address of a folder. */
    public static void checkMirror(String mirror) {
        if (mirror == null) {
            return;
        }
        String problem =
                "expected an http:// or https:// address of the folder holding the files, got '" + mirror + "'";
        try {
            URI uri = new URI(mirror);
            InvalidConfigException.check(
                    ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                    "mirror",
                    problem);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException("mirror", problem + " (" + e.getReason() + ")");
        }
    }

    /** The same file fetched from a mirror: {@code mirror} replaces everything before the file name. */
    public RemoteFile from(String mirror) {
        if (mirror == null) {
            return this;
        }
        return new RemoteFile(
                URI.create(mirror.endsWith("/") ? mirror : mirror + "/").resolve(fileName), fileName, md5);
    }
}
