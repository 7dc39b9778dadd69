package dev.samlab.datasets.fetch;

import java.net.URI;

/**
 * A file as its publisher distributes it, with the checksum the publisher gives.
 *
 * @param fileName the name it is saved under
 * @param md5      lower-case hex MD5 of the whole file
 */
public record RemoteFile(URI uri, String fileName, String md5) {

    /** The same file fetched from a mirror: {@code mirror} replaces everything before the file name. */
    public RemoteFile from(String mirror) {
        if (mirror == null) {
            return this;
        }
        return new RemoteFile(URI.create(mirror.endsWith("/") ? mirror : mirror + "/").resolve(fileName), fileName, md5);
    }
}
