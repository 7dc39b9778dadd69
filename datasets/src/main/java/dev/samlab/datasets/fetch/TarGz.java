package dev.samlab.datasets.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one folder of a .tar.gz into a temporary sibling, then moves it into place in one rename: an unpack
 * that is killed midway never leaves a folder that looks complete. The next unpack cleans up after a killed one:
 * it removes temporary siblings nobody has written to for 10 minutes, and replaces a folder in place that lacks
 * files (left by an unpack in place, by an older version or by hand). It deletes nothing but those,
 * all inside the destination, and follows no links while deleting.
 */
public final class TarGz {

    /** An unpack writes all the time: a temporary folder untouched this long belongs to a process that died. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private TarGz() {}

    /**
     * @param folderName the top-level folder of the archive to keep, e.g. {@code cifar-10-batches-bin}
     * @param complete   whether a folder holds every file needed: a complete one already in place (another
     *                   process was quicker) is kept, an incomplete one replaced
     * @return {@code destination/folderName}
     */
    public static Path unpack(Path archive, String folderName, Path destination, Predicate<Path> complete)
            throws IOException {
        String stagingPrefix = "." + folderName + ".unpack-";
        removeAbandoned(destination, stagingPrefix);
        Path staging = Files.createTempDirectory(destination, stagingPrefix);
        try {
            extract(archive, staging);
            Path unpacked = staging.resolve(folderName);
            if (!Files.isDirectory(unpacked)) {
                throw new IOException(archive + ": holds no folder " + folderName);
            }
            Path target = destination.resolve(folderName);
            if (complete.test(target)) {
                return target;
            }
            deleteRecursively(target);
            return Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void extract(Path archive, Path staging) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException(archive + ": entry " + entry.getName() + " points outside the archive");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        } catch (IOException e) {
            throw new IOException(archive + ": cannot unpack (" + e.getMessage() + ")", e);
        }
    }

    /** Best effort: another process may be finishing or removing a leftover; the next unpack tries again. */
    private static void removeAbandoned(Path destination, String stagingPrefix) throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(destination, stagingPrefix + "*")) {
            for (Path leftover : leftovers) {
                try {
                    if (lastWritten(leftover).compareTo(cutoff) < 0) {
                        deleteRecursively(leftover);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // left for the next unpack
                }
            }
        }
    }

    /** The newest modification time in a folder: a live unpack keeps writing files deep inside it. */
    private static FileTime lastWritten(Path folder) throws IOException {
        FileTime newest = FileTime.fromMillis(0);
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Iterator<Path> it = entries.iterator(); it.hasNext(); ) {
                FileTime modified = Files.getLastModifiedTime(it.next(), LinkOption.NOFOLLOW_LINKS);
                newest = modified.compareTo(newest) > 0 ? modified : newest;
            }
        }
        return newest;
    }

    /** Deletes a folder and what is in it; a link, inside or the folder itself, is removed, not followed. */
    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
