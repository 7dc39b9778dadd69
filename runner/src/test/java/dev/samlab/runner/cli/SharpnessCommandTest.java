package dev.samlab.runner.cli;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharpnessCommandTest {

    @TempDir
    Path folder;

    @Test
    void measuresARunsCheckpointAndLeavesItUntouched() throws IOException, NoSuchAlgorithmException {
        Path config = Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN);
        Path run = folder.resolve("run");
        CommandLineRun.train(config, run);
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint/last.ckpt"));

        CommandLineRun sharpness = CommandLineRun.of(
                "sharpness",
                run.toString(),
                "--samples",
                "200",
                "--batch",
                "100",
                "--iterations",
                "3",
                "--trace-samples",
                "2",
                "--ascent-steps",
                "2",
                "--random-samples",
                "2",
                "--plugins",
                folder.resolve("none").toString());

        assertThat(sharpness.exitCode()).as(sharpness.err()).isZero();
        JsonNode results =
                new ObjectMapper().readTree(run.resolve("sharpness.json").toFile());
        assertThat(results.get("images").asInt()).isEqualTo(200);
        assertThat(results.get("mode").asText()).isEqualTo("inference");
        assertThat(results.get("lambdaMax").asDouble()).isPositive();
        assertThat(results.get("lambdaMaxIterations").asInt()).isBetween(2, 3);
        assertThat(results.get("trace").isNumber()).isTrue();
        assertThat(results.get("worstCaseSharpness").get("projectedAscent").asDouble())
                .isGreaterThanOrEqualTo(
                        results.get("worstCaseSharpness").get("oneStep").asDouble())
                .isPositive();
        assertThat(results.get("adaptiveWorstCaseSharpness").get("oneStep").asDouble())
                .isPositive();
        assertThat(results.get("averageSharpness").get("samples").asInt()).isEqualTo(2);
        assertThat(results.get("settings").get("iterations").asInt()).isEqualTo(3);
        assertThat(results.get("checkpointSha256").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(checkpoint)));
        assertThat(sharpness.out()).contains("lambdaMax").contains("sharpness.json");
        assertThat(Files.readAllBytes(run.resolve("checkpoint/last.ckpt"))).isEqualTo(checkpoint);
    }

    @Test
    void aBadSettingIsRefusedNamingItsOption() {
        CommandLineRun sharpness = CommandLineRun.of("sharpness", folder.toString(), "--rho", "-0.1");

        assertThat(sharpness.exitCode()).isEqualTo(2);
        assertThat(sharpness.err()).contains("--rho: expected a finite radius > 0, got -0.1");
        for (String[] bad : new String[][] {
            {"--rho", "Infinity", "--rho: expected a finite radius > 0, got Infinity"},
            {"--iterations", "2000000000", "--iterations: expected from 1 to 100,000, one a iteration, got 2000000000"},
            {"--hvp-step", "NaN", "--hvp-step: expected a finite step > 0, got NaN"}
        }) {
            CommandLineRun refused = CommandLineRun.of("sharpness", folder.toString(), bad[0], bad[1]);
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains(bad[2]);
        }
    }

    @Test
    void aCheckpointTrainedWithAnotherConfigThanItsFolderIsRefusedAndNothingIsWritten() throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), TrainCommandTest.SYNTHETIC_RUN);
        Path run = CommandLineRun.train(config, folder.resolve("run"));
        Path other = CommandLineRun.train(
                Files.writeString(
                        folder.resolve("other.yaml"), TrainCommandTest.SYNTHETIC_RUN.replace("lr: 0.001", "lr: 0.002")),
                folder.resolve("other"));
        Files.copy(other.resolve("checkpoint/last.ckpt"), run.resolve("checkpoint/last.ckpt"), REPLACE_EXISTING);

        CommandLineRun sharpness = CommandLineRun.of(
                "sharpness", run.toString(), "--plugins", folder.resolve("none").toString());

        assertThat(sharpness.exitCode()).isEqualTo(2);
        assertThat(sharpness.err())
                .contains("was trained with another config than its run folder's " + run.resolve("config.yaml"))
                .contains("(they differ in optimizer.lr)");
        assertThat(run.resolve("sharpness.json")).doesNotExist();
    }
}
