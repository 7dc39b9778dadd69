package dev.samlab.datasets.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Unpacks a .tar.gz into a temporary folder, then moves the wanted folder into place in one rename. */
public final class TarGz {

    private TarGz() {}

    /**
     * @param folderName the top-level folder of the archive to keep, e.g. {@code cifar-10-batches-bin}
     * @return {@code destination/folderName}
     */
    public static Path unpack(Path archive, String folderName, Path destination) throws IOException {
        Path staging = Files.createTempDirectory(destination, ".unpack-");
        try {
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
            Path unpacked = staging.resolve(folderName);
            if (!Files.isDirectory(unpacked)) {
                throw new IOException(archive + ": holds no folder " + folderName);
            }
            return Files.move(unpacked, destination.resolve(folderName), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
