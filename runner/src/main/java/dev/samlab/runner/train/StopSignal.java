package dev.samlab.runner.train;

import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during training: the shutdown hook asks the trainer to stop, and waits until it has written a checkpoint
 * of where it stood, so that {@code --resume} continues from that very batch.
 */
@Singleton
public final class StopSignal {

    private volatile boolean requested;
    private final CountDownLatch saved = new CountDownLatch(1);

    /** Called from the shutdown hook: returns once the checkpoint is written, or after {@code seconds}. */
    public void requestAndAwait(long seconds) throws InterruptedException {
        requested = true;
        saved.await(seconds, TimeUnit.SECONDS);
    }

    boolean requested() {
        return requested;
    }

    /** Called by the trainer once it has saved, or when it ends for any reason. */
    void done() {
        saved.countDown();
    }
}
