package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    Path folder;

    private CommandLineRun compare(Path adam, Path sam) {
        return CommandLineRun.of(
                "compare",
                adam.toString(),
                sam.toString(),
                "--seeds",
                "1,2",
                "--out",
                folder.resolve("comparison").toString(),
                "--plugins",
                folder.resolve("none").toString());
    }

    @Test
    void runsEveryConfigWithEverySeedThenReportsSideBySideAndSkipsFinishedRunsNextTime() throws IOException {
        String run = """
                name: %s
                model:     { name: mlp, hidden: [32] }
                dataset:   { name: synthetic, trainSize: 400, testSize: 100 }
                optimizer: %s
                training:  { epochs: %d, batchSize: 50 }
                """;
        Path adam = Files.writeString(folder.resolve("adam.yaml"), run.formatted("adam-2x", "adam", 4));
        Path sam = Files.writeString(
                folder.resolve("sam.yaml"), run.formatted("sam", "{ name: sam, base: { name: adam } }", 2));

        CommandLineRun first = compare(adam, sam);

        assertThat(first.exitCode()).as(first.err()).isZero();
        for (String name : new String[] {"adam-2x/seed-1", "adam-2x/seed-2", "sam/seed-1", "sam/seed-2"}) {
            assertThat(folder.resolve("comparison").resolve(name).resolve("metrics.csv"))
                    .exists();
        }
        String report = Files.readString(folder.resolve("comparison/comparison.md"));
        assertThat(report)
                .containsPattern(
                        "\\| adam-2x \\| 1, 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\| baseline \\| \\d+\\.\\d\\d % \\| 4 \\| 32 \\|")
                .containsPattern(
                        "\\| sam \\| 1, 2 \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d % \\| [-+]\\d+\\.\\d\\d \\[[-+]\\d+\\.\\d\\d, [-+]\\d+\\.\\d\\d\\] \\| \\d+\\.\\d\\d % \\| 2 \\| 32 \\|")
                .contains("test-selected")
                .contains("### sam")
                .contains("name: synthetic")
                .contains("trainSize: 400")
                .contains("One run per seed: 1, 2")
                .doesNotContain("seed: 42");
        assertThat(ImageIO.read(folder.resolve("comparison/comparison.png").toFile())
                        .getWidth())
                .isEqualTo(1280);
        assertThat(ImageIO.read(folder.resolve("comparison/curves.png").toFile()))
                .as("training and test loss and accuracy, two rows of two charts")
                .returns(1280, image -> image.getWidth())
                .returns(840, image -> image.getHeight());
        assertThat(report).contains("(curves.png)");
        long modified = Files.getLastModifiedTime(folder.resolve("comparison/sam/seed-1/metrics.csv"))
                .toMillis();

        CommandLineRun second = compare(adam, sam);

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("sam-seed1: already finished in").contains("skipped");
        assertThat(Files.getLastModifiedTime(folder.resolve("comparison/sam/seed-1/metrics.csv"))
                        .toMillis())
                .isEqualTo(modified);
        assertThat(Files.readString(folder.resolve("comparison/comparison.md"))).isEqualTo(report);

        CommandLineRun sameNameTwice = compare(adam, adam);

        assertThat(sameNameTwice.exitCode()).isEqualTo(2);
        assertThat(sameNameTwice.err())
                .contains("its run name 'adam-2x' is also " + adam + "'s: the two would share the folder");
        assertThat(Files.readString(folder.resolve("comparison/comparison.md"))).isEqualTo(report);
    }

    @Test
    void withSharpnessMeasuresEachRunOnceAndAddsFlatnessColumns() throws IOException {
        Path adam = Files.writeString(
                folder.resolve("adam.yaml"),
                TrainCommandTest.SYNTHETIC_RUN
                        .replace("name: quick", "name: adam")
                        .replace("epochs: 3", "epochs: 1"));
        String[] command = {
            "compare",
            adam.toString(),
            "--seeds",
            "1,2",
            "--sharpness",
            "--out",
            folder.resolve("comparison").toString(),
            "--plugins",
            folder.resolve("none").toString()
        };

        CommandLineRun first = CommandLineRun.of(command);

        assertThat(first.exitCode()).as(first.err()).isZero();
        Path measured = folder.resolve("comparison/adam/seed-2/sharpness.json");
        double lambdaMax =
                new ObjectMapper().readTree(measured.toFile()).get("lambdaMax").asDouble();
        String report = Files.readString(folder.resolve("comparison/comparison.md"));
        assertThat(report)
                .contains("| λmax | worst-case sharpness (ρ 0.05) |")
                .containsPattern(
                        "\\| adam \\| 1, 2 \\| .* \\| \\d\\.\\d+(e[+-]\\d+)? ± [-\\d.e+]+ \\| \\d\\.\\d+(e[+-]\\d+)? ± [-\\d.e+]+ \\|");
        assertThat(lambdaMax).isPositive();
        long modified = Files.getLastModifiedTime(measured).toMillis();

        CommandLineRun second = CommandLineRun.of(command);

        assertThat(second.exitCode()).isZero();
        assertThat(Files.getLastModifiedTime(measured).toMillis()).isEqualTo(modified);
        assertThat(Files.readString(folder.resolve("comparison/comparison.md"))).isEqualTo(report);

        String json = Files.readString(measured);
        Files.writeString(measured, json.replaceAll("\"checkpointSha256\" : \"\\w+\"", "\"checkpointSha256\" : \"0\""));
        Files.setLastModifiedTime(measured, FileTime.from(Instant.now().plusSeconds(3600)));

        CommandLineRun third = CommandLineRun.of(command);

        assertThat(third.exitCode()).isZero();
        assertThat(Files.readString(measured))
                .as("a sharpness.json of another checkpoint is measured again, however new its file time")
                .isEqualTo(json);

        CommandLineRun cheaper = CommandLineRun.of(
                "sharpness",
                measured.getParent().toString(),
                "--iterations",
                "2",
                "--plugins",
                folder.resolve("none").toString());
        assertThat(cheaper.exitCode()).as(cheaper.err()).isZero();
        CommandLineRun fourth = CommandLineRun.of(command);

        assertThat(fourth.exitCode()).isZero();
        assertThat(Files.readString(measured))
                .as("a measurement of the checkpoint with other settings than the report's is measured again")
                .isEqualTo(json);
    }
}
