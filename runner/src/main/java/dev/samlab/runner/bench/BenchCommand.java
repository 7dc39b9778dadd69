package dev.samlab.runner.bench;

import picocli.CommandLine.Command;

/** {@code samlab bench}: benchmarks that print their figures. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure where time goes. Benchmarks print figures; they assert nothing.",
        subcommands = {
            TrainBenchCommand.class,
            ModelBenchCommand.class,
            OptimizerBenchCommand.class,
            PipelineBenchCommand.class
        })
public final class BenchCommand {}
