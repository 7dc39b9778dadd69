package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code samlab} in-process and keeps what it printed. */
record CommandLineRun(int exitCode, String out, String err) {

    static CommandLineRun of(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(arguments);
        return new CommandLineRun(code, out.toString(), err.toString());
    }

    /** Trains {@code config} into {@code run} with no plugins folder, requiring success; returns {@code run}. */
    static Path train(Path config, Path run) {
        CommandLineRun training = of(
                "train",
                config.toString(),
                "--out",
                run.toString(),
                "--plugins",
                run.resolveSibling("none").toString());
        assertThat(training.exitCode()).as(training.err()).isZero();
        return run;
    }
}
