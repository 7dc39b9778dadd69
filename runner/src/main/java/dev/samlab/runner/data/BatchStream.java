package dev.samlab.runner.data;

import dev.samlab.api.model.Batch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Batches assembled ahead of the trainer on a background thread, a few at a time, in the order the source
 * yields them (so a seeded source gives the same batches). Close it to stop the thread early.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {

    private static final int AHEAD = 3;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread producer;
    private Object next;

    BatchStream(Iterator<RawBatch> source, String name) {
        producer = new Thread(
                () -> {
                    try {
                        while (source.hasNext()) {
                            queue.put(source.next());
                        }
                        queue.put(END);
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException | Error failure) {
                        queue.clear();
                        queue.offer(failure);
                    }
                },
                name);
        producer.setDaemon(true);
        producer.start();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        if (next instanceof Error failure) {
            throw failure;
        }
        return next != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawBatch raw = (RawBatch) next;
        next = null;
        return raw.toBatch();
    }

    /**
     * Frees a batch's native memory now rather than when the collector finds its arrays: on a capped heap of small
     * array handles that can take hundreds of batches, and resident memory climbs meanwhile. For a batch this stream
     * made, once nothing reads it.
     */
    public static void release(Batch batch) {
        batch.features().close();
        batch.targets().close();
        if (batch.cleanLabels() != null) {
            batch.cleanLabels().close();
        }
    }

    @Override
    public void close() {
        producer.interrupt();
    }
}
