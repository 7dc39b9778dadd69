package dev.samlab.runner.sweep;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs trials as child processes of this JVM, {@code parallel} at a time, each told its share of the cores
 * ({@code OMP_NUM_THREADS}, which ND4J and oneDNN size their thread pools by) and writing its output to a log file.
 * Stopping this process (Ctrl-C, SIGTERM) stops the children the same way, so each checkpoints, and starts no
 * further trial. Each child is told this process's PID ({@value #PARENT_PID}) and stops itself, with a checkpoint,
 * when this process is gone, however it died ({@link ParentWatch}).
 */
public final class LocalExecutor {

    /** How a trial's process ended. */
    public record Result(Trial trial, int exitCode, Path log) {}

    private final List<String> java;
    private final int parallel;
    /** The environment variable that tells a trial's process which process to stop with. */
    public static final String PARENT_PID = "SAMLAB_SWEEP_PID";

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    /** Set once this process is stopping: from then on no trial starts. Guarded by {@code this}. */
    private boolean stopping;

    /**
     * @param mainClass the class whose {@code main} the children run, on this JVM's class path and options
     */
    public LocalExecutor(Class<?> mainClass, int parallel) {
        this.parallel = parallel;
        this.java = javaCommand(mainClass);
    }

    /** The command that starts {@code mainClass} on this JVM's executable, options and class path. */
    public static List<String> javaCommand(Class<?> mainClass) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        return command;
    }

    /**
     * Runs every trial and waits for all of them.
     *
     * @param arguments the command-line arguments of a trial's process
     * @param log       where a trial's output goes
     */
    public List<Result> run(List<Trial> trials, Function<Trial, List<String>> arguments, Function<Trial, Path> log)
            throws IOException, InterruptedException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        Thread stopChildren = new Thread(this::stopAll, "samlab-sweep-stop");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (Trial trial : trials) {
                results.add(pool.submit(() -> runOne(trial, arguments.apply(trial), log.apply(trial), threads)));
            }
            List<Result> done = new ArrayList<>();
            for (Future<Result> result : results) {
                done.add(result.get());
            }
            return done;
        } catch (ExecutionException e) {
            throw new IOException(
                    "a trial could not be started: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook is stopping the children
            }
        }
    }

    private Result runOne(Trial trial, List<String> arguments, Path log, int threads)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(java);
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        builder.environment()
                .put(PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        Process process = start(builder);
        if (process == null) {
            return new Result(trial, NOT_STARTED, log);
        }
        try {
            return new Result(trial, process.waitFor(), log);
        } finally {
            running.remove(process);
        }
    }

    /** The exit code recorded for a trial not started because the sweep was stopping. */
    public static final int NOT_STARTED = -1;

    /** Starts a child unless the sweep is stopping; one lock with {@link #stopAll}, so none slips past it. */
    private synchronized Process start(ProcessBuilder builder) throws IOException {
        if (stopping) {
            return null;
        }
        Process process = builder.start();
        running.add(process);
        return process;
    }

    /** SIGTERM to every child, which checkpoints, then a wait for them to finish doing so. */
    private void stopAll() {
        synchronized (this) {
            stopping = true;
        }
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
