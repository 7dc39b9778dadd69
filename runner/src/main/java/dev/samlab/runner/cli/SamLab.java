package dev.samlab.runner.cli;

import dev.samlab.runner.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code samlab} command: dispatches to its subcommands. */
@Command(
        name = "samlab",
        mixinStandardHelpOptions = true,
        versionProvider = SamLab.Version.class,
        description = {
            "Train image classifiers with pluggable optimizers (SAM, ASAM, Adam or your own) and compare them.",
            ""
        },
        subcommands = {
            PluginsCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            CompareCommand.class,
            SweepCommand.class,
            SharpnessCommand.class,
            LandscapeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 the run failed, 2 bad usage or a bad config, 130 stopped by Ctrl-C,"
                    + " 143 stopped by SIGTERM (checkpoint saved in both).",
            "Run 'samlab help COMMAND' for a command's options."
        })
public final class SamLab implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn into files, never on a screen
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: " + FailureHandler.heapFull(null));
            code = FailureHandler.RUN_FAILED;
        }
        System.exit(code);
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new SamLab()).setExecutionExceptionHandler(new FailureHandler());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "name a command: plugins, train, eval, compare, sweep, sharpness, landscape or bench");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SamLab.class.getPackage().getImplementationVersion();
            return new String[] {
                "samlab " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")
            };
        }
    }
}
