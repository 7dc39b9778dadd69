package dev.samlab.runner.train;

import dev.samlab.runner.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per run folder: an OS lock on the folder's {@code .samlab.lock}, which holds the owner's PID. The
 * operating system releases it when the process dies, however it dies, so a killed run never blocks the next. The
 * file itself stays: deleting it would let two processes lock two different files of the same name.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = ".samlab.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws ConfigException naming the PID that holds the folder, if another run holds it */
    public static RunLock acquire(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            throw new ConfigException(
                    "--out",
                    folder + " is in use by another SamLab process (PID " + (holder.isEmpty() ? "unknown" : holder)
                            + "); wait for it to finish or stop it, then retry");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new RunLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
