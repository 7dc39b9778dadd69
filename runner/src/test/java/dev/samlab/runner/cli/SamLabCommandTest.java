package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class SamLabCommandTest {

    @TempDir
    Path folder;

    @Test
    void pluginsListsEveryKindWithVersionAndSource() {
        CommandLineRun run = CommandLineRun.of("plugins", "--plugins", folder.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst())
                .hasValueSatisfying(header -> assertThat(header).matches("KIND\\s+NAME\\s+VERSION\\s+SOURCE"));
        assertThat(run.out())
                .containsPattern("optimizer\\s+adam\\s+\\S+\\s+\\S*adam-plugin")
                .containsPattern("model\\s+mlp\\s")
                .containsPattern("dataset\\s+cifar10\\s")
                .containsPattern("dataset\\s+synthetic\\s")
                .contains("Adam with bias correction");
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        CommandLineRun top = CommandLineRun.of("--help");
        CommandLineRun train = CommandLineRun.of("train", "--help");
        CommandLineRun plugins = CommandLineRun.of("help", "plugins");

        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("plugins").contains("train").contains("Exit codes");
        assertThat(train.exitCode()).isZero();
        assertThat(train.out())
                .contains("CONFIG")
                .contains("--set=KEY=VALUE")
                .contains("--out=DIR")
                .contains("--force")
                .contains("--plugins=DIR")
                .contains("SAMLAB_DATA");
        assertThat(plugins.out()).contains("--plugins=DIR");
        assertThat(CommandLineRun.of("sweep", "--help").out().replaceAll("\\s+", " "))
                .contains("except setup's lines: they are shell on purpose");
    }

    @Test
    void everyHelpTextIsAValidFormatSoPicocliPrintsItWithoutWarnings() {
        List<CommandLine> commands = new ArrayList<>(List.of(SamLab.commandLine()));
        for (int i = 0; i < commands.size(); i++) {
            commands.addAll(commands.get(i).getSubcommands().values()); // bench's own subcommands too
        }
        for (CommandLine command : commands) {
            for (String line : command.getCommandSpec().usageMessage().description()) {
                assertThatCode(() -> String.format(line))
                        .as("%s: a lone %% in: %s", command.getCommandName(), line)
                        .doesNotThrowAnyException();
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String line : option.description()) {
                    assertThatCode(() -> String.format(line))
                            .as("%s %s", command.getCommandName(), option.longestName())
                            .doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void usageErrorsExitWithCode2() {
        assertThat(CommandLineRun.of().exitCode()).isEqualTo(2);
        assertThat(CommandLineRun.of("fly").exitCode()).isEqualTo(2);
        CommandLineRun missing = CommandLineRun.of("train");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'CONFIG'");
    }
}
