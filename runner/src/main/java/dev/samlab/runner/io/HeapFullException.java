package dev.samlab.runner.io;

/**
 * The Java heap filled up while SamLab did something it can name: loading a dataset, reading a checkpoint. Thrown in
 * place of the {@link OutOfMemoryError}, whose failed allocation is garbage by then, so that the message says what
 * filled the heap rather than guessing.
 */
public final class HeapFullException extends RuntimeException {

    private final String activity;

    /** @param activity what was being done, such as "loading the dataset cifar10 (its images, as bytes)" */
    public HeapFullException(String activity, OutOfMemoryError cause) {
        super("the Java heap filled up while " + activity, cause);
        this.activity = activity;
    }

    public String activity() {
        return activity;
    }
}
