package dev.samlab.runner.train;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.samlab.runner.io.AtomicFile;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files SamLab writes into a run folder, by name. {@code --force} deletes these and nothing else: a folder that
 * holds anything more is not SamLab's to empty.
 */
public final class OwnedFiles {

    private static final String CHECKPOINT_FOLDER = "checkpoint";
    /** What {@code train}, {@code eval}, {@code sharpness} and {@code landscape} write, and their temporaries. */
    private static final PathMatcher RUN_FILES = FileSystems.getDefault()
            .getPathMatcher("glob:{"
                    + String.join(
                            ",",
                            "config.yaml",
                            "provenance.json",
                            "metrics.csv",
                            "curves.png",
                            "report.md",
                            "sharpness.json",
                            "confusion.png",
                            "landscape-*.png",
                            "landscape-*.csv",
                            RunLock.FILE,
                            "*" + AtomicFile.TEMPORARY_SUFFIX)
                    + "}");

    private static final PathMatcher CHECKPOINT_FILES =
            FileSystems.getDefault().getPathMatcher("glob:{last.ckpt,last.ckpt.*" + AtomicFile.TEMPORARY_SUFFIX + "}");

    private OwnedFiles() {}

    /** Everything in {@code folder} that SamLab did not write (links included, whatever their names), relative to it; empty when the folder is all SamLab's. */
    public static List<Path> foreign(Path folder) throws IOException {
        List<Path> foreign = new ArrayList<>();
        for (Path entry : list(folder)) {
            Path name = entry.getFileName();
            if (name.toString().equals(CHECKPOINT_FOLDER) && Files.isDirectory(entry, NOFOLLOW_LINKS)) {
                list(entry).stream()
                        .filter(f ->
                                !CHECKPOINT_FILES.matches(f.getFileName()) || !Files.isRegularFile(f, NOFOLLOW_LINKS))
                        .forEach(f -> foreign.add(folder.relativize(f)));
            } else if (!RUN_FILES.matches(name) || !Files.isRegularFile(entry, NOFOLLOW_LINKS)) {
                foreign.add(name);
            }
        }
        return foreign;
    }

    /** Whether the folder holds nothing but, perhaps, the lock: no run has written into it. */
    public static boolean isFresh(Path folder) throws IOException {
        return !Files.isDirectory(folder)
                || list(folder).stream()
                        .allMatch(entry -> entry.getFileName().toString().equals(RunLock.FILE));
    }

    /** Deletes SamLab's files (the lock excepted: its holder is the caller) and nothing else. */
    public static void deleteOwned(Path folder) throws IOException {
        List<Path> foreign = foreign(folder);
        if (!foreign.isEmpty()) {
            throw new IllegalStateException(folder + " holds files SamLab did not write: " + foreign);
        }
        Path checkpoints = folder.resolve(CHECKPOINT_FOLDER);
        if (Files.isDirectory(checkpoints, NOFOLLOW_LINKS)) {
            for (Path file : list(checkpoints)) {
                Files.delete(file);
            }
            Files.delete(checkpoints);
        }
        for (Path file : list(folder)) {
            if (!file.getFileName().toString().equals(RunLock.FILE)) {
                Files.delete(file);
            }
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }
}
