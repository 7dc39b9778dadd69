package dev.samlab.runner.train;

import dev.samlab.runner.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use a run folder: an OS lock on the folder's {@code .samlab.lock}. Training holds it exclusively and writes
 * its PID and its run's id into the file; {@code eval}, {@code sharpness} and {@code landscape} share it, so no
 * {@code train --force} replaces the weights they are measuring. The operating system releases the lock when the
 * process dies, however it dies, so a killed run never blocks the next. The file itself stays: deleting it would
 * let two processes lock two different files of the same name, and its run id is how SamLab knows the folder's
 * files are its own ({@link #runId}).
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = ".samlab.lock";

    /** Held by no one: for a folder no process can write into, or one this process already holds. */
    public static final RunLock NONE = new RunLock(null, null, null, Optional.empty());

    /**
     * The folders this process holds, by real path. A second channel on a locked file must never be opened: on Linux,
     * closing any handle on a file drops every lock this process holds on it.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<String> runId;

    private RunLock(Path key, FileChannel channel, FileLock lock, Optional<String> runId) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.runId = runId;
    }

    /**
     * The exclusive lock a training run holds.
     *
     * @throws ConfigException naming the process that holds the folder, if another one holds it
     */
    public static RunLock acquire(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        Path key = folder.toRealPath();
        if (HELD_HERE.contains(key)) {
            throw new ConfigException("--out", folder + " is in use by this SamLab process already");
        }
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel, false);
        if (lock == null) {
            boolean measured = isShared(channel);
            channel.close();
            throw new ConfigException(
                    "--out",
                    folder
                            + (measured
                                    ? " is being measured by another SamLab process (eval, sharpness or landscape)"
                                    : " is in use by another SamLab process" + holder(file))
                            + "; wait for it to finish or stop it, then retry");
        }
        try {
            Optional<String> previous = runIdIn(read(channel));
            RunLock held = new RunLock(key, channel, lock, previous);
            held.write(previous.orElse(""));
            HELD_HERE.add(key);
            return held;
        } catch (IOException e) {
            channel.close(); // releases the lock: a folder whose lock file cannot be written is not held
            throw e;
        }
    }

    /**
     * The shared lock a measurement holds while it reads a run's checkpoint.
     *
     * @param argument the command-line argument that named the folder, for the error
     * @throws ConfigException if a training run holds the folder
     */
    public static RunLock share(Path folder, String argument) throws IOException {
        Path key = folder.toRealPath();
        if (HELD_HERE.contains(key)) {
            return NONE; // e.g. landscape RUN --to RUN: the first load holds it, and holds it as long
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            if (Files.isDirectory(folder) && !Files.isWritable(folder)) {
                return NONE; // read-only: no train can replace the run here either
            }
            throw e;
        }
        FileLock lock = tryLock(channel, true);
        if (lock == null) {
            channel.close();
            throw new ConfigException(
                    argument,
                    folder + " is being trained by another SamLab process" + holder(folder.resolve(FILE))
                            + "; measure it once that run has finished or been stopped");
        }
        try {
            RunLock held = new RunLock(key, channel, lock, runIdIn(read(channel)));
            HELD_HERE.add(key);
            return held;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The id of the run whose process last held the folder exclusively, as it was when this lock was taken. */
    public Optional<String> runId() {
        return runId;
    }

    /** Records the id of the run this exclusive lock's holder trains in the folder. */
    public void claim(String id) throws IOException {
        write(id);
    }

    private void write(String id) throws IOException {
        String content = ProcessHandle.current().pid() + "\n" + (id.isEmpty() ? "" : id + "\n");
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
        try {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException heldByThisProcess) {
            return null;
        }
    }

    /** Whether the lock another process holds is a shared one: a shared lock can still be had beside it. */
    private static boolean isShared(FileChannel channel) throws IOException {
        FileLock probe = tryLock(channel, true);
        if (probe != null) {
            probe.release();
        }
        return probe != null;
    }

    /** Reads through the lock's own channel: closing any other handle on the file would drop this process's lock. */
    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static Optional<String> runIdIn(String content) {
        List<String> lines = content.lines().toList();
        return lines.size() > 1 && !lines.get(1).isBlank()
                ? Optional.of(lines.get(1).strip())
                : Optional.empty();
    }

    private static String holder(Path file) throws IOException {
        String pid = Files.readString(file, StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("");
        return " (PID " + (pid.isBlank() ? "unknown" : pid.strip()) + ")";
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            lock.release();
            channel.close();
            HELD_HERE.remove(key);
        }
    }
}
