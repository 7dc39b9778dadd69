package dev.samlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandscapeCommandTest {

    @TempDir
    Path folder;

    private Path train(String name, String optimizer) throws IOException {
        return train(name, optimizer, "[64]");
    }

    private Path train(String name, String optimizer, String hidden) throws IOException {
        Path config = Files.writeString(
                folder.resolve(name + ".yaml"),
                TrainCommandTest.SYNTHETIC_RUN
                        .replace("{ name: adam, lr: 0.001 }", optimizer)
                        .replace("epochs: 3", "epochs: 1")
                        .replace("name: quick", "name: " + name)
                        .replace("[64]", hidden));
        Path run = folder.resolve(name);
        CommandLineRun.train(config, run);
        return run;
    }

    @Test
    void drawsTheLossAroundARunAndBetweenTwoRuns() throws IOException {
        Path adam = train("adam", "adam");
        Path sam = train("sam", "{ name: sam, base: { name: adam } }");

        CommandLineRun around = CommandLineRun.of(
                "landscape",
                adam.toString(),
                "--samples",
                "200",
                "--steps",
                "5",
                "--directions",
                "2",
                "--plugins",
                folder.resolve("none").toString());
        CommandLineRun between = CommandLineRun.of(
                "landscape",
                adam.toString(),
                "--to",
                sam.toString(),
                "--samples",
                "200",
                "--steps",
                "5",
                "--plugins",
                folder.resolve("none").toString());

        assertThat(around.exitCode()).as(around.err()).isZero();
        assertThat(Files.readAllLines(adam.resolve("landscape-2d.csv")))
                .hasSize(26)
                .first()
                .isEqualTo("x,y,loss,accuracy");
        assertThat(ImageIO.read(adam.resolve("landscape-2d.png").toFile())).isNotNull();
        assertThat(between.exitCode()).as(between.err()).isZero();
        assertThat(Files.readAllLines(adam.resolve("landscape-to-sam.csv")))
                .hasSize(6)
                .element(2)
                .asString()
                .startsWith("0.000000,");
        assertThat(ImageIO.read(adam.resolve("landscape-to-sam.png").toFile())).isNotNull();
    }

    @Test
    void refusesToInterpolateBetweenDifferentModelsAndBadOptions() throws IOException {
        Path narrow = train("narrow", "adam", "[16]");
        Path wide = train("wide", "adam", "[32]");

        CommandLineRun between = CommandLineRun.of(
                "landscape",
                narrow.toString(),
                "--to",
                wide.toString(),
                "--plugins",
                folder.resolve("none").toString());
        CommandLineRun directions = CommandLineRun.of(
                "landscape",
                narrow.toString(),
                "--directions",
                "3",
                "--plugins",
                folder.resolve("none").toString());

        assertThat(between.exitCode()).isEqualTo(2);
        assertThat(between.err()).contains("--to").contains(wide.toString()).contains("same architecture");
        assertThat(directions.exitCode()).isEqualTo(2);
        assertThat(directions.err()).contains("--directions: expected 1 or 2, got 3");
        CommandLineRun samples = CommandLineRun.of(
                "landscape",
                narrow.toString(),
                "--samples",
                "0",
                "--plugins",
                folder.resolve("none").toString());
        assertThat(samples.exitCode()).isEqualTo(2);
        assertThat(samples.err()).contains("--samples: expected at least 1 image, got 0");
        for (String[] bad : new String[][] {
            {"--span", "Infinity", "--span: expected a finite span > 0, got Infinity"},
            {"--steps", "2000000000", "--steps: expected 3 to 10000 points per axis, got 2000000000"},
            {"--steps", "50000", "--directions", "2", "--steps: expected 3 to 1000 points per axis, got 50000"}
        }) {
            List<String> command = new ArrayList<>(List.of("landscape", narrow.toString()));
            command.addAll(List.of(bad).subList(0, bad.length - 1));
            CommandLineRun refused = CommandLineRun.of(command.toArray(String[]::new));
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains(bad[bad.length - 1]);
        }
    }
}
