package dev.samlab.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.runner.cli.SamLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The benchmark runs and reports every optimizer; its figures are for people to read, not asserted. */
class BenchCommandTest {

    /** Over iterations 0 to 4: LookSAM ascends at 0 only, ESAM's second pass covers half the batch. */
    @Test
    void printsOneRowPerOptimizerWithTheGradientEvaluationsItsStepsCost() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute(
                "bench",
                "optimizers",
                "--steps",
                "5",
                "--warmup",
                "0",
                "--plugins",
                "/nonexistent",
                "--optimizer",
                "sgd",
                "--optimizer",
                "{ name: sam, base: { name: sgd } }",
                "--optimizer",
                "{ name: looksam, base: { name: sgd } }",
                "--optimizer",
                "{ name: esam, base: { name: sgd } }");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("resnet20's 269,722 parameters (59 tensors)")
                .containsPattern("(?m)^sgd\\s+\\d+\\.\\d{3} .* 1\\.00$")
                .containsPattern("(?m)^\\{ name: sam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3} .* 2\\.00$")
                .containsPattern("(?m)^\\{ name: looksam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3} .* 1\\.20$")
                .containsPattern("(?m)^\\{ name: esam, base: \\{ name: sgd \\} \\}\\s+\\d+\\.\\d{3} .* 1\\.50$");
    }

    @Test
    void thePipelineBenchmarkReportsImagesPerSecond() {
        StringWriter out = new StringWriter();
        var commandLine = SamLab.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int code = commandLine.execute("bench", "pipeline", "--images", "600", "--passes", "1", "--cutout", "8");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("cutout=8")
                .containsPattern("one thread:\\s+[\\d,]+ images/s")
                .containsPattern("to ND4J:\\s+[\\d,]+ images/s");
    }
}
