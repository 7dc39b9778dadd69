package dev.samlab.runner.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/samlab} as a user does, on the packaged runner, in a folder of the test's. */
final class Launcher {

    private static final Path SAMLAB = Path.of("").toAbsolutePath().getParent().resolve("bin/samlab");

    record Result(int exitCode, String output) {}

    private Launcher() {}

    /**
     * @param javaOptions what SAMLAB_JAVA_OPTS holds
     * @param arguments   the command and its arguments
     */
    static Result run(Path home, String javaOptions, List<String> arguments) throws Exception {
        return run(home, javaOptions, Map.of(), arguments);
    }

    /** @param environment variables to set beside SAMLAB_JAVA_OPTS */
    static Result run(Path home, String javaOptions, Map<String, String> environment, List<String> arguments)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(SAMLAB.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("output.log").toFile());
        builder.environment().remove("SAMLAB_DATA");
        builder.environment().put("SAMLAB_JAVA_OPTS", javaOptions);
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
        return new Result(process.exitValue(), Files.readString(home.resolve("output.log")));
    }
}
