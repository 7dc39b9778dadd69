package dev.samlab.runner.sweep;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a trial's process when the sweep that started it is gone, even killed with {@code kill -9}, which gives the
 * sweep no chance to stop its children: the trial exits as on SIGTERM, so its run checkpoints first (the shutdown
 * hook of training) and no orphan trains on unwatched.
 */
public final class ParentWatch {

    /** As a process ended by SIGTERM reports itself. */
    public static final int EXIT_CODE = 143;

    private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private ParentWatch() {}

    /** Watches the sweep that {@link LocalExecutor#PARENT_PID} names, if this process was started by one. */
    public static void startIfChildOfASweep() {
        Optional.ofNullable(System.getenv(LocalExecutor.PARENT_PID))
                .flatMap(ParentWatch::parse)
                .ifPresent(ParentWatch::watch);
    }

    private static Optional<Long> parse(String pid) {
        try {
            return Optional.of(Long.parseLong(pid.strip()));
        } catch (NumberFormatException notAPid) {
            LOG.warn("{}={} is not a process id: this trial does not watch its sweep", LocalExecutor.PARENT_PID, pid);
            return Optional.empty();
        }
    }

    /**
     * Polls rather than waiting on {@link ProcessHandle#onExit}: the sweep is this process's parent, not its child,
     * and once it dies its PID may be reused, so the test is whether it is still this process's parent.
     */
    private static void watch(long sweep) {
        Thread watcher = new Thread(
                () -> {
                    while (ProcessHandle.current()
                                    .parent()
                                    .map(ProcessHandle::pid)
                                    .orElse(-1L)
                            == sweep) {
                        try {
                            Thread.sleep(POLL.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    LOG.warn("the sweep that started this trial (PID {}) is gone: checkpointing and stopping", sweep);
                    System.exit(EXIT_CODE);
                },
                "samlab-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
