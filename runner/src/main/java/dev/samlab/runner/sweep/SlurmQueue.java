package dev.samlab.runner.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jobs a sweep has submitted to Slurm ({@code slurm-jobs.txt} in its folder, one id per line), what
 * {@code squeue} says of their array tasks now, and what {@code sacct} says of how they ended.
 */
public final class SlurmQueue {

    static final String FILE = "slurm-jobs.txt";
    private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job (\\d+)");
    private static final Pattern QUEUED = Pattern.compile("(\\d+)_(\\d+) (\\S+)");
    /** {@code sacct -P}'s JobID|State|ExitCode, an exit code being {@code status:signal}. */
    private static final Pattern ACCOUNTED = Pattern.compile("(?m)^(\\d+)_(\\d+)\\|([A-Z_]+)[^|]*\\|(\\d+):(\\d+)$");

    private SlurmQueue() {}

    /** Whether this sweep has submitted a job array. */
    public static boolean submitted(Path sweepFolder) {
        return Files.exists(sweepFolder.resolve(FILE));
    }

    /** Records the job {@code sbatch} answered with; false if its answer names none. */
    public static boolean record(Path sweepFolder, String sbatchAnswer) throws IOException {
        Matcher job = SUBMITTED.matcher(sbatchAnswer);
        if (!job.find()) {
            return false;
        }
        Files.writeString(
                sweepFolder.resolve(FILE),
                job.group(1) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return true;
    }

    /**
     * Each queued array task's state ({@code pending}, {@code running}, ...) by trial index, over the jobs this sweep
     * submitted; empty when it submitted none or {@code squeue} cannot be run.
     */
    public static Map<Integer, String> queued(Path sweepFolder) {
        Map<Integer, String> states = new HashMap<>();
        // jobs Slurm has forgotten make squeue fail: then nothing of them is queued
        ask(sweepFolder, "squeue", "-h", "-r", "-o", "%i %T", "-j").ifPresent(output -> {
            Matcher task = QUEUED.matcher(output);
            while (task.find()) {
                states.put(Integer.parseInt(task.group(2)), task.group(3).toLowerCase(Locale.ROOT));
            }
        });
        return states;
    }

    /**
     * How the last job of each array task ended, by trial index, as {@code sacct} records it: "cancelled", "failed,
     * exit code 3", "timeout", "out of memory", "preempted", ...; empty where the cluster keeps no accounting.
     */
    public static Map<Integer, String> endings(Path sweepFolder) {
        Map<Integer, String> endings = new HashMap<>();
        Map<Integer, Long> lastJob = new HashMap<>();
        ask(sweepFolder, "sacct", "-X", "-n", "-P", "--format=JobID,State,ExitCode", "-j")
                .ifPresent(output -> {
                    Matcher task = ACCOUNTED.matcher(output);
                    while (task.find()) {
                        long job = Long.parseLong(task.group(1));
                        int index = Integer.parseInt(task.group(2));
                        if (job >= lastJob.getOrDefault(index, -1L)) {
                            lastJob.put(index, job);
                            endings.put(index, ending(task.group(3), task.group(4), task.group(5)));
                        }
                    }
                });
        return endings;
    }

    private static String ending(String state, String status, String signal) {
        StringBuilder ending = new StringBuilder(state.toLowerCase(Locale.ROOT).replace('_', ' '));
        if (!status.equals("0")) {
            ending.append(", exit code ").append(status);
        }
        if (!signal.equals("0")) {
            ending.append(", signal ").append(signal);
        }
        return ending.toString();
    }

    /** A Slurm command's answer about this sweep's jobs (their ids appended), or empty if it cannot answer. */
    private static Optional<String> ask(Path sweepFolder, String... command) {
        Path jobs = sweepFolder.resolve(FILE);
        try {
            if (!Files.exists(jobs)) {
                return Optional.empty();
            }
            List<String> ids =
                    Files.readAllLines(jobs).stream().filter(l -> !l.isBlank()).toList();
            List<String> withIds = new ArrayList<>(List.of(command));
            withIds.add(String.join(",", ids));
            Process process = new ProcessBuilder(withIds)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no such command here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
