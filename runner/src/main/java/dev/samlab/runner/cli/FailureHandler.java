package dev.samlab.runner.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.samlab.api.InvalidConfigException;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.io.HeapFullException;
import dev.samlab.runner.plugins.PluginConflictException;
import dev.samlab.runner.train.RunStoppedException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Prints a failure as one clear line and picks the exit code: 2 for a bad config or plugin setup (the user
 * must change something), 1 for a run that failed. The stack trace goes to the debug log.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    static final int RUN_FAILED = 1;
    static final int BAD_CONFIG = 2;
    /** As shells report a process ended by Ctrl-C. */
    static final int STOPPED = 130;

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    @Override
    public int handleExecutionException(Exception exception, CommandLine command, CommandLine.ParseResult parsed) {
        Throwable cause = unwrap(exception);
        LOG.debug("command failed", cause);
        if (cause instanceof RunStoppedException stopped) {
            command.getErr().println(stopped.getMessage());
            return STOPPED;
        }
        boolean badConfig = cause instanceof ConfigException
                || cause instanceof PluginConflictException
                || cause instanceof InvalidConfigException;
        String message = cause instanceof HeapFullException full
                ? heapFull(full.activity())
                : cause instanceof OutOfMemoryError
                        ? heapFull(null)
                        : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        command.getErr().println(command.getColorScheme().errorText("error: " + message));
        return badConfig ? BAD_CONFIG : RUN_FAILED;
    }

    /**
     * What to do when the Java heap is full, and what filled it where SamLab knows.
     *
     * @param activity what was being done when it filled up; null where that is not known
     */
    static String heapFull(String activity) {
        return String.format(
                Locale.ROOT,
                "the Java heap is full (%.1f GiB)%s; give SamLab more, e.g. SAMLAB_JAVA_OPTS=-Xmx4g bin/samlab ..."
                        + " (bin/samlab sets -Xmx1g unless told otherwise: enough for CIFAR-10 and SVHN; SVHN's extra"
                        + " split needs -Xmx8g)",
                Runtime.getRuntime().maxMemory() / (double) (1 << 30),
                activity == null ? "" : " while " + activity);
    }

    /** Guice wraps what a provider throws; the user wants to see the original problem. */
    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while (true) {
            Throwable inner = null;
            if (current instanceof CreationException creation) {
                inner = firstCause(creation.getErrorMessages());
            } else if (current instanceof ProvisionException provision) {
                inner = firstCause(provision.getErrorMessages());
            } else if (current instanceof UncheckedIOException unchecked) {
                inner = unchecked.getCause();
            }
            if (inner == null || inner == current) {
                return current;
            }
            current = inner;
        }
    }

    private static Throwable firstCause(Collection<Message> messages) {
        return messages.stream()
                .map(Message::getCause)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
